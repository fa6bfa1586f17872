package facts

import "testing"

func TestReadable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket"},
		{"arn:aws:kms:{{?AWS::Region}}:111111111111:key/{{?tools-account.yaml#KMSKey}}", "arn:aws:kms:${AWS::Region}:111111111111:key/${KMSKey}"},
		{"{{?t.yaml#Bucket.Arn}}/*", "${Bucket.Arn}/*"},
		{"{{?t.yaml#/Resources/R/Properties/X}}", "${…}"},
		{"{{?import:Shared-KeyArn}}", "${import:Shared-KeyArn}"},
		{"broken {{?AWS::Region", "broken {{?AWS::Region"},
		{"{{?A}}{{?B}}", "${A}${B}"},
	}
	for _, tt := range tests {
		if got := Readable(tt.in); got != tt.want {
			t.Errorf("Readable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
