# METADATA
# title: One role is both the CodeDeploy service role and the action role
# description: |
#   The role that a pipeline action assumes in the target account also trusts
#   `codedeploy.amazonaws.com`, so it doubles as the CodeDeploy service role
#   (the deployment group's ServiceRoleArn). It works, but the two jobs need
#   different permissions: CodeDeploy's role gets what it needs to shift ECS
#   traffic (`AWSCodeDeployRoleForECS`: ELB listeners, Lambda hooks, any S3
#   object, `iam:PassRole`), and the pipeline, which only has to start a
#   deployment, gets all of it too, while CodeDeploy gets the pipeline's
#   artifact and key access. Two roles keep each to its own.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codedeploy/latest/userguide/getting-started-create-service-role.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: XA506
#   severity: info
#   remediation: |
#     Create a separate CodeDeploy service role (trusting only
#     `codedeploy.amazonaws.com`, with `AWSCodeDeployRoleForECS`), use it as
#     the deployment group's ServiceRoleArn, and remove
#     `codedeploy.amazonaws.com` and the managed policy from the action role.
package xacct.rules.xa506

import data.xacct.lib.facts
import data.xacct.lib.roles
import data.xacct.lib.util

deny contains f if {
	some rid, uses in roles.action_roles
	role := facts.role(rid)
	some s in roles.trust_statements(role)
	roles.allows_assume(s)
	some p in util.as_list(object.get(s, "principals", []))
	lower(p.type) == "service"
	lower(p.value) == "codedeploy.amazonaws.com"
	f := {
		"message": sprintf(
			"role %s is both the cross-account action role of %s and a CodeDeploy service role (it trusts codedeploy.amazonaws.com): each gets the other's permissions; give CodeDeploy a service role of its own",
			[facts.role_label(role), concat(", ", sort({facts.action_name(x) | some x in uses}))],
		),
		"loc": roles.statement_loc(s, "Principal"),
	}
}
