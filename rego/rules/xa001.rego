# METADATA
# title: File cannot be parsed
# description: |
#   A file given to the linter is not valid YAML or JSON (a syntax error,
#   a duplicate key, or comments in JSON as in the article's pipeline.json).
#   Nothing else can be checked in it, and the AWS CLI, CloudFormation or IAM
#   would refuse it too.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-skeleton.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
# custom:
#   id: XA001
#   severity: error
#   remediation: |
#     Fix the syntax at the reported position. JSON has no comments: remove
#     `//` and `/* */` lines (for example the article's `// ~~省略~~`) before
#     passing the file to `aws codepipeline create-pipeline --cli-input-json`.
package xacct.rules.xa001

deny contains f if {
	some e in input.errors
	f := {
		"message": sprintf("cannot parse the file: %s", [e.message]),
		"loc": e.loc,
	}
}
