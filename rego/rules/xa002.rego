# METADATA
# title: Placeholder left in a value
# description: |
#   A value still holds a placeholder such as `<アカウントBのアカウントID>` or
#   `<CodePipelineのRoleArn>`, copied from an article or a template. AWS
#   refuses it: a placeholder principal makes KMS, S3 and IAM reject the whole
#   policy ("invalid principal"), a placeholder Resource makes IAM reject the
#   policy, and a placeholder roleArn or key ID makes CodePipeline reject the
#   pipeline. The `<IMAGE1_NAME>`-style placeholders that the
#   CodeDeployToECS action fills in a taskdef.json, and `<TASK_DEFINITION>`
#   in appspec.yaml, are not reported: they are meant to stay.
#   Other rules treat a placeholder as an unknown value.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html
# custom:
#   id: XA002
#   severity: error
#   remediation: |
#     Replace the placeholder with the real value: a 12-digit account ID,
#     `arn:aws:iam::ACCOUNT:root`, a role ARN, a key ARN, a bucket name.
#     In a CloudFormation template prefer a parameter or `!Sub` with
#     `${AWS::AccountId}` over a literal.
package xacct.rules.xa002

placeholder_re := `<[^<>]+>`

# Placeholders that CodeDeployToECS and appspec.yaml expect to stay.
deploy_placeholder_re := `^<(IMAGE[1-4]_NAME|TASK_DEFINITION)>$`

wanted := {
	"role-arn": "the role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
	"key-arn": "the KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID)",
	"key-ref": "the KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID)",
	"bucket-arn": "the bucket ARN (arn:aws:s3:::BUCKET)",
	"account-id": "the 12-digit account ID",
	"principal": "the principal: a 12-digit account ID, arn:aws:iam::ACCOUNT:root or a role ARN",
	"arn": "the ARN",
}

deny contains f if {
	some v in input.values
	is_string(v.value)
	some ph in regex.find_n(placeholder_re, v.value, -1)
	not regex.match(deploy_placeholder_re, ph)
	f := {
		"message": sprintf("placeholder %s left in %s: replace it with %s%s", [ph, v.field, wanted_for(v), consequence(v)]),
		"loc": v.loc,
	}
}

wanted_for(v) := w if {
	w := wanted[v.expect]
} else := "the ARN it stands for (or \"*\")" if {
	startswith(v.field, "Resource")
} else := "the real value"

consequence(v) := "; AWS refuses the whole policy while a principal is invalid" if {
	startswith(v.field, "Principal")
} else := "; IAM refuses the whole policy while a Resource is not an ARN or *" if {
	startswith(v.field, "Resource")
} else := ""
