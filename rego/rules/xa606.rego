# METADATA
# title: iam:PassRole on every role without iam:PassedToService
# description: |
#   An identity policy of an action role or a pipeline role allows
#   `iam:PassRole` on `*` (or on every role of an account) with no
#   `iam:PassedToService` condition. Whoever can act as the role can then
#   hand any role of the account, administrator roles included, to any
#   service that accepts one (a Lambda function, an EC2 instance, a
#   CloudFormation stack) and act with its permissions: a privilege
#   escalation path. The deploy needs to pass only its task roles to
#   `ecs-tasks.amazonaws.com` or its deployment role to
#   `cloudformation.amazonaws.com`. AWS managed policies are not reported
#   (`AWSCodeDeployRoleForECS` has the condition).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
# custom:
#   id: XA606
#   severity: warning
#   remediation: |
#     Name the roles in Resource and add `"Condition": {"StringEquals":
#     {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}` (or the service the
#     role is for).
package xacct.rules.xa606

import data.xacct.lib.facts
import data.xacct.lib.iam
import data.xacct.lib.roles
import data.xacct.lib.util

deny contains f if {
	some rid in (roles.pipeline_role_ids | {rid | some rid, _ in roles.action_roles})
	role := facts.role(rid)
	some pid in util.as_list(object.get(role, "policies", []))
	pol := facts.policy(pid)
	object.get(pol, "managed", "") == ""
	some sid in pol.statements
	s := facts.statement(sid)
	s.effect == "Allow"
	names_pass_role(s)
	some r in util.as_list(object.get(s, "resources", []))
	every_role(r)
	not restricted(s)
	f := {
		"message": sprintf(
			"role %s may iam:PassRole on %s to any service: name the roles it passes and add \"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"%s\"}}",
			[facts.role_label(role), r, service_hint(rid)],
		),
		"loc": roles.statement_loc(s, "Resource"),
	}
}

# names_pass_role(s): an Action entry of the iam service covers iam:PassRole.
names_pass_role(s) if {
	some a in util.as_list(object.get(s, "actions", []))
	startswith(lower(a), "iam:")
	iam.action_matches(a, "iam:PassRole") == util.certain
}

every_role("*")

every_role(r) if regex.match(`^arn:(\*|aws[a-z-]*):iam::[^:]*:(role/)?\*$`, r)

restricted(s) if {
	some c in util.as_list(object.get(s, "conditions", []))
	lower(c.key) == "iam:passedtoservice"
}

# service_hint(rid) is the service the role's deploys pass roles to.
service_hint(rid) := "cloudformation.amazonaws.com" if {
	some x in roles.action_roles[rid]
	x.action.provider == "CloudFormation"
} else := "ecs-tasks.amazonaws.com"
