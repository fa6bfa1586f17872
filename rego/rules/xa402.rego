# METADATA
# title: sts:AssumeRole on every role
# description: |
#   An identity policy of a pipeline role or an action role allows
#   `sts:AssumeRole` on `*` or on `arn:aws:iam::ACCOUNT:role/*`. The pipeline
#   then may assume any role whose trust policy admits its account, not only
#   the action roles it needs: a role that trusts account A's root for some
#   other purpose becomes reachable from every pipeline action. The setup
#   works; it grants more than it needs. Statements with a Condition (which
#   may narrow them) and AWS managed policies are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: XA402
#   severity: warning
#   remediation: |
#     Name the action roles in Resource: `"Resource":
#     ["arn:aws:iam::ACCOUNT_B:role/ACTION_ROLE", …]`, one ARN per roleArn
#     of the pipeline's actions.
package xacct.rules.xa402

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
	count(util.as_list(object.get(s, "conditions", []))) == 0
	names_sts_assume(s)
	some r in util.as_list(object.get(s, "resources", []))
	every_role(r)
	f := {
		"message": sprintf(
			"role %s may sts:AssumeRole on %s, every role that trusts its account: name the roles it assumes instead, e.g. \"Resource\": [%s]",
			[facts.role_label(role), r, concat(", ", targets(rid))],
		),
		"loc": roles.statement_loc(s, "Resource"),
	}
}

# names_sts_assume(s): an Action entry of the sts service (not a bare "*")
# covers sts:AssumeRole.
names_sts_assume(s) if {
	some a in util.as_list(object.get(s, "actions", []))
	startswith(lower(a), "sts:")
	iam.action_matches(a, "sts:AssumeRole") == util.certain
}

# every_role(r): the resource is "*" or every role of an account.
every_role("*")

every_role(r) if regex.match(`^arn:(\*|aws[a-z-]*):iam::[^:]*:role/\*$`, r)

every_role(r) if regex.match(`^arn:(\*|aws[a-z-]*):iam::[^:]*:\*$`, r)

# targets(rid) are the action roles a pipeline running as rid assumes.
targets(rid) := ts if {
	ts := sort({sprintf("%q", [a.roleArn]) |
		some p in input.pipelines
		p.role == rid
		some st in p.stages
		some a in st.actions
		object.get(a, "roleArn", "") != ""
	})
	count(ts) > 0
} else := ["\"arn:aws:iam::ACCOUNT:role/ACTION_ROLE\""]
