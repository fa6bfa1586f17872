# METADATA
# title: roleArn on an action whose owner is not AWS
# description: |
#   An action declares `roleArn` although its `actionTypeId.owner` is
#   `ThirdParty` or `Custom`. CodePipeline assumes an action role only for
#   actions owned by AWS; for other owners the API refuses the pipeline
#   (InvalidActionDeclarationException), so the pipeline cannot be created or
#   updated.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/action-requirements.html
# custom:
#   id: XA301
#   severity: error
#   remediation: |
#     Remove `roleArn` from the action. A third-party or custom action runs
#     with the permissions of its own integration (a connection, a job worker),
#     not with an assumed role; grant what it needs there.
package xacct.rules.xa301

import data.xacct.lib.facts
import data.xacct.lib.pipelines

deny contains f if {
	some x in facts.actions
	a := x.action
	object.get(a, "roleArn", "") != ""
	pipelines.known(a.owner)
	a.owner != "AWS"
	f := {
		"message": sprintf(
			"action %s has roleArn %s but its owner is %q: CodePipeline assumes an action role only for actions owned by AWS and refuses the pipeline; remove roleArn from this action",
			[facts.action_name(x), a.roleArn, a.owner],
		),
		"loc": facts.action_loc(a, "roleArn"),
	}
}
