# METADATA
# title: Pipeline role does not trust CodePipeline
# description: |
#   The trust policy of the pipeline's service role (the pipeline's
#   `roleArn`) does not admit the service principal
#   `codepipeline.amazonaws.com`, so CodePipeline cannot assume it: creating
#   or updating the pipeline fails ("CodePipeline is not authorized to
#   perform AssumeRole on role …"). The rule runs only when the role's trust
#   policy is among the linted documents; conditions it cannot evaluate
#   (`aws:SourceAccount`, `aws:SourceArn`) keep it silent.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
# custom:
#   id: XA403
#   severity: error
#   remediation: |
#     Add to the pipeline role's trust policy: `{"Effect": "Allow",
#     "Principal": {"Service": "codepipeline.amazonaws.com"}, "Action":
#     "sts:AssumeRole"}`.
package xacct.rules.xa403

import data.xacct.lib.facts

deny contains f if {
	some p in input.pipelines
	role := facts.pipeline_role(p)
	role.trust != ""
	d := facts.policy_decision(role.trust, {
		"action": "sts:AssumeRole",
		"resource": role.arn,
		"principal": {"type": "Service", "value": "codepipeline.amazonaws.com"},
	})
	d.level == 0
	f := {
		"message": sprintf(
			"trust policy of pipeline role %s does not admit codepipeline.amazonaws.com%s, so CodePipeline cannot run pipeline %s as this role: add {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"codepipeline.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}",
			[facts.role_label(role), facts.denial_note(d), p.name],
		),
		"loc": facts.policy(role.trust).loc,
		"related": [{"message": sprintf("pipeline %s runs as this role", [p.name]), "loc": facts.action_loc(p, "roleArn")}],
	}
}
