package facts

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

func parseDoc(t *testing.T, path, data string) *source.Document {
	t.Helper()
	d, err := source.Parse(path, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDocumentLinkKeyStrings lists the keys of documents of each kind:
// what they declare, name, and the account-wide sets they belong to.
func TestDocumentLinkKeyStrings(t *testing.T) {
	tests := []struct {
		name, path, data string
		bd               Binding
		want             []string
	}{
		{
			name: "bare identity policy bound to a role",
			path: "policy.json",
			data: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt-111111111111/*"}]}`,
			bd:   Binding{Account: "111111111111", Role: "app-role"},
			want: []string{
				"declares id app-role",
				"member of roles-any ",
				"member of roles-of 111111111111",
				"names id app-role",
				"names id arn:aws:s3:::bkt-#",
				"names id arn:aws:s3:::bkt-#/*",
				"names id bkt-#",
			},
		},
		{
			name: "pipeline.json: role ARNs, store bucket and key alias, account from the role ARN",
			path: "pipeline.json",
			data: `{"pipeline": {"name": "pl", "roleArn": "arn:aws:iam::111111111111:role/pipe-role",
  "artifactStore": {"type": "S3", "location": "store", "encryptionKey": {"id": "alias/k", "type": "KMS"}},
  "stages": [{"name": "S", "actions": [{"name": "A", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
    "roleArn": "arn:aws:iam::222222222222:role/act-role", "configuration": {"S3Bucket": "src"}}]}]}}`,
			want: []string{
				"declares id act-role",
				"declares id arn:aws:iam::#:role/act-role",
				"declares id arn:aws:iam::#:role/pipe-role",
				"declares id pipe-role",
				"declares id pl",
				"member of roles-any ",
				"member of roles-of 111111111111",
				"member of roles-of 222222222222",
				"names id act-role",
				"names id alias/k",
				"names id arn:aws:iam::#:role/act-role",
				"names id arn:aws:iam::#:role/pipe-role",
				"names id pipe-role",
				"names id pl",
				"names id src",
				"names id store",
				"names keys-of 111111111111",
				"names keys-of ?",
			},
		},
		{
			name: "policy attached to roles that cannot be told, bound account",
			path: "attach.yaml",
			data: `Parameters:
  R: {Type: String}
Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref R, named-role]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: 'sqs:*', Resource: '*'}
`,
			bd: Binding{Account: "111111111111"},
			want: []string{
				"names id *",
				"names id named-role",
				"names id {{?R}}",
				"names roles-of ",
				"names roles-of 111111111111",
			},
		},
		{
			name: "unbound template: account blurred, its key may join any account's pipeline",
			path: "tools.yaml",
			data: `Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'artifacts-${AWS::AccountId}'
  K:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}, Action: 'kms:*', Resource: '*'}
  A:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/art
      TargetKeyId: !Ref K
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := documentLinkKeyStrings(parseDoc(t, tt.path, tt.data), tt.bd)
			if tt.want == nil {
				// Only the lines that matter here.
				for _, w := range []string{"declares id artifacts-#", "declares id arn:aws:s3:::artifacts-#", "declares id alias/art", "member of keys-of ?", "member of keys-any "} {
					if !slices.Contains(got, w) {
						t.Errorf("keys lack %q: %q", w, got)
					}
				}
				return
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("keys (-want +got):\n%s", d)
			}
		})
	}
}

// TestDocumentLinkKeysMeet checks the hashed keys: a document naming what
// another declares shares a key with it, one that does not, does not.
func TestDocumentLinkKeysMeet(t *testing.T) {
	ctx := context.Background()
	bucket := parseDoc(t, "b.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub 'art-${AWS::AccountId}'\n")
	declared, err := DocumentLinkKeys(ctx, bucket, Binding{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, policy string
		meet         bool
	}{
		{"object ARN with the account the bucket's is inferred to", `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::art-333333333333/*"}]}`, true},
		{"another bucket", `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := DocumentLinkKeys(ctx, parseDoc(t, "p.json", tt.policy), Binding{})
			if err != nil {
				t.Fatal(err)
			}
			meet := false
			for _, n := range k.Names {
				if _, ok := slices.BinarySearch(declared.Declares, n); ok {
					meet = true
				}
			}
			if meet != tt.meet {
				t.Errorf("shares a key = %v, want %v", meet, tt.meet)
			}
		})
	}
	if _, err := DocumentLinkKeys(canceled(), bucket, Binding{}); err == nil {
		t.Error("canceled context: no error")
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
