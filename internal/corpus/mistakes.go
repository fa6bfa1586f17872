package corpus

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"

	"github.com/xacct-lint/xacct-lint/pkg/generate"
)

// mistake is an edit of a generated setup, applied to every file whose name
// it selects, in both the template and the standalone JSON, so the
// documents agree with each other as a hand-edited setup would.
type mistake struct {
	name  string
	files func(name string) bool
	edit  func(data []byte) []byte
}

var (
	rootPrincipal = regexp.MustCompile(`"AWS": "arn:aws:iam::\d{12}:root"`)
	getObjectJSON = regexp.MustCompile(`(?m)^(\s*)"s3:GetObject",$`)
	getObjectYAML = regexp.MustCompile(`(?m)^(\s*)- s3:GetObject$`)
)

// mistakes are the seeded mistakes, each one a rule of xacct-lint and (for
// the single-document ones) a check of bench/conftest should find.
var mistakes = []mistake{
	{
		// Every account root but the first (the key's own account) becomes
		// "*": anyone may use the key.
		name:  "wildcard-principal-in-key-policy",
		files: func(n string) bool { return strings.HasSuffix(n, "key-policy.json") },
		edit: func(b []byte) []byte {
			seen := 0
			return rootPrincipal.ReplaceAllFunc(b, func(m []byte) []byte {
				seen++
				if seen == 1 {
					return m
				}
				return []byte(`"AWS": "*"`)
			})
		},
	},
	{
		// s3:ListBucket next to s3:GetObject, on the objects' ARN, where it
		// grants nothing.
		name:  "list-bucket-on-object-arn",
		files: func(string) bool { return true },
		edit: func(b []byte) []byte {
			b = getObjectJSON.ReplaceAll(b, []byte(`${1}"s3:GetObject",`+"\n"+`${1}"s3:ListBucket",`))
			return getObjectYAML.ReplaceAll(b, []byte("${1}- s3:GetObject\n${1}- s3:ListBucket"))
		},
	},
	{
		// A misspelt condition key: the TLS deny never applies.
		name:  "misspelt-secure-transport",
		files: func(string) bool { return true },
		edit: func(b []byte) []byte {
			return []byte(strings.ReplaceAll(string(b), "aws:SecureTransport", "aws:SecureTransports"))
		},
	},
	{
		// The target's action role may encrypt but not decrypt the
		// artifacts: a cross-document mistake no single file shows.
		name: "action-role-without-kms-decrypt",
		files: func(n string) bool {
			return strings.HasPrefix(n, "target-") || strings.HasPrefix(n, "policies/target-")
		},
		edit: func(b []byte) []byte {
			return []byte(strings.ReplaceAll(string(b), "kms:Decrypt", "kms:Encrypt"))
		},
	},
}

// seedMistakes applies one or two mistakes to the files of a setup and
// returns the files with the names of the mistakes that changed something.
func seedMistakes(r *rand.Rand, files []generate.File) ([]generate.File, []string) {
	out := make([]generate.File, len(files))
	copy(out, files)
	var applied []string
	first := r.IntN(len(mistakes))
	picks := []int{first}
	if r.IntN(2) == 0 {
		picks = append(picks, (first+1+r.IntN(len(mistakes)-1))%len(mistakes))
	}
	for _, p := range picks {
		m := mistakes[p]
		changed := false
		for i, f := range out {
			if !m.files(f.Name) {
				continue
			}
			if d := m.edit(f.Data); string(d) != string(f.Data) {
				out[i].Data = d
				changed = true
			}
		}
		if changed {
			applied = append(applied, m.name)
		}
	}
	return out, applied
}

// unrelatedDoc returns the name and content of the k-th unrelated document
// of setup i: a CloudFormation template of another kind of stack, a
// Kubernetes manifest, a CI workflow, a Helm template that is no valid YAML,
// or a JSON file of another tool.
func unrelatedDoc(r *rand.Rand, i, k int) (string, []byte) {
	name := fmt.Sprintf("u%05d-%d", i, k)
	cidr := fmt.Sprintf("10.%d.0.0/16", r.IntN(256))
	switch r.IntN(6) {
	case 0:
		return name + "-vpc.yaml", fmt.Appendf(nil, `AWSTemplateFormatVersion: "2010-09-09"
Description: network %s
Parameters:
  Env:
    Type: String
    Default: dev
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: %s
      EnableDnsSupport: true
      Tags:
        - Key: Name
          Value: !Sub '${Env}-%s'
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [0, !GetAZs ""]
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
      AvailabilityZone: !Select [1, !GetAZs ""]
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export:
      Name: !Sub '${AWS::StackName}-VpcId'
`, name, cidr, name)
	case 1:
		return name + "-table.json", fmt.Appendf(nil, `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Description": "table %s",
  "Resources": {
    "Table": {
      "Type": "AWS::DynamoDB::Table",
      "Properties": {
        "TableName": "%s",
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}
      }
    },
    "Function": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Runtime": "python3.12",
        "Handler": "index.handler",
        "Role": {"Fn::GetAtt": ["FunctionRole", "Arn"]},
        "Code": {"ZipFile": "def handler(e, c):\n    return e\n"},
        "Environment": {"Variables": {"TABLE": {"Ref": "Table"}}}
      }
    },
    "FunctionRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
        },
        "Policies": [{
          "PolicyName": "table",
          "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": {"Fn::GetAtt": ["Table", "Arn"]}}]
          }
        }]
      }
    }
  }
}
`, name, name)
	case 2:
		return name + "-deployment.yaml", fmt.Appendf(nil, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: %s
  labels: {app: %s}
spec:
  replicas: %d
  selector:
    matchLabels: {app: %s}
  template:
    metadata:
      labels: {app: %s}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: %s}
spec:
  selector: {app: %s}
  ports: [{port: 80}]
`, name, name, 1+r.IntN(5), name, name, name, name)
	case 3:
		return name + "-ci.yml", fmt.Appendf(nil, `name: ci-%s
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
`, name)
	case 4:
		return name + "-chart.yaml", fmt.Appendf(nil, `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-%s
data:
{{- range $k, $v := .Values.env }}
  {{ $k }}: {{ $v | quote }}
{{- end }}
`, name)
	default:
		return name + "-package.json", fmt.Appendf(nil, `{
  "name": "%s",
  "version": "1.%d.0",
  "private": true,
  "scripts": {"test": "node --test"},
  "dependencies": {"express": "^4.19.2"}
}
`, name, r.IntN(20))
	}
}
