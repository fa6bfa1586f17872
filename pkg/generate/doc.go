// Package generate writes every document of a cross-account CodePipeline
// setup from a model.Setup: the CloudFormation templates of the tools account
// (one per artifact-store region) and of each target account, the policies
// as standalone JSON, the pipeline declaration for
// `aws codepipeline create-pipeline --cli-input-json`, a README with the
// deploy order and commands, and the .xacct-lint.yaml that maps the files to
// their accounts for `xacct-lint lint`.
//
// Every document is derived from one resolved plan of the setup (names and
// ARNs computed once), and every policy is built by one function used both
// for the template and for the standalone JSON, so the documents cannot
// disagree with each other. The grants follow what the linter checks: the
// key is named by ARN, never by alias; ListBucket goes on the bucket ARN and
// object actions on bucket/*; other accounts are named by their root with an
// aws:PrincipalArn condition naming the exact role, which lets the stacks be
// deployed in any order (KMS and S3 refuse a policy naming a role that does
// not exist yet); write access only for actions that produce artifacts.
//
// # goformation and goccy/go-yaml
//
// Resources are built as goformation typed values (s3.Bucket, kms.Key,
// iam.Role, …), so a misspelt property or a wrong type is a compile error,
// not a template that CloudFormation rejects at deploy time. goformation's own
// emitter cannot print what people write, though: it emits long-form
// intrinsics (Fn::Sub), sorts every key and indents by four. So each resource
// is marshalled to JSON by goformation, read back token by token keeping the
// key order (Type, Properties, …; policies in Sid, Effect, Principal, Action,
// Resource, Condition order), intrinsics (goformation's encoded placeholders
// and this package's sub/getAtt/ref) are turned into values whose
// MarshalYAML returns a short tag, and goccy/go-yaml emits the ordered
// mappings with real !Sub/!GetAtt/!Ref tags and 2-space indentation.
// JSON files use encoding/json with struct field order, 2-space indentation
// and a final newline.
//
// Generate is deterministic: the same setup always gives the same bytes, so
// Check can tell whether a folder is up to date.
package generate
