# METADATA
# title: Unknown IAM action for its service
# description: |
#   A policy names an action that its service does not have, such as
#   `s3:HeadObject` (the HeadObject API call is authorised by `s3:GetObject`)
#   or `kms:ReEncrypt` (the actions are `kms:ReEncryptFrom` and
#   `kms:ReEncryptTo`). IAM accepts such an identity or key policy but the
#   entry grants nothing, so the permission the author meant is missing. S3
#   is stricter: it refuses a bucket policy with an unknown action as a
#   whole ("Policy has invalid action"), so there the finding is an error.
#   Action names are compared without regard to case, as IAM does, and a
#   wildcard passes when it matches at least one action (`kms:ReEncrypt*`,
#   `s3:Get*`). Only the services in xacct-lint's action list (S3, KMS, STS,
#   IAM, CodePipeline, CodeDeploy, ECS, ECR, CodeBuild, CloudFormation,
#   CodeStar Connections) are judged; actions of other services are never
#   reported. AWS managed policies are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
# custom:
#   id: XA004
#   severity: warning
#   remediation: |
#     Replace the action with the IAM action that authorises the call, as the
#     Service Authorization Reference lists it (`s3:GetObject` for
#     HeadObject, `kms:ReEncrypt*` or `kms:ReEncryptFrom` and
#     `kms:ReEncryptTo` for ReEncrypt), or remove it.
package xacct.rules.xa004

import data.xacct.lib.facts
import data.xacct.lib.util

# known[svc] is the set of the service's action names, lower case. A
# complete rule, so that it is built once per evaluation.
known := {svc: {lower(n) | some n in names} | some svc, names in data.xacct.aws.actions}

# API calls whose IAM action has another name: what to write instead.
hints := {
	"s3:headobject": "s3:GetObject",
	"s3:headbucket": "s3:ListBucket",
	"s3:listobjects": "s3:ListBucket",
	"s3:listobjectsv2": "s3:ListBucket",
	"s3:listobjectversions": "s3:ListBucketVersions",
	"s3:copyobject": "s3:GetObject on the source and s3:PutObject on the target",
	"s3:deleteobjects": "s3:DeleteObject",
	"s3:createmultipartupload": "s3:PutObject",
	"s3:uploadpart": "s3:PutObject",
	"s3:completemultipartupload": "s3:PutObject",
	"s3:getbucketencryption": "s3:GetEncryptionConfiguration",
	"s3:putbucketencryption": "s3:PutEncryptionConfiguration",
	"s3:getbucketlifecycleconfiguration": "s3:GetLifecycleConfiguration",
	"s3:putbucketlifecycleconfiguration": "s3:PutLifecycleConfiguration",
	"kms:reencrypt": "kms:ReEncryptFrom and kms:ReEncryptTo (or kms:ReEncrypt*)",
	"iam:passroles": "iam:PassRole",
	"sts:assumerolewithsaml2": "sts:AssumeRoleWithSAML",
	"ecs:describetaskdefinitions": "ecs:DescribeTaskDefinition",
}

# written are the distinct Action and NotAction entries of all statements:
# each is judged once however many statements repeat it.
written := {a |
	some s in input.statements
	some a in array.concat(util.as_list(object.get(s, "actions", [])), util.as_list(object.get(s, "notActions", [])))
	is_string(a)
}

# unknown_actions are the written entries of a service in the action list
# that match none of its actions: {entry: [service, lower-case name]}.
unknown_actions[a] := [svc, lower(name)] if {
	some a in written
	util.is_known(a)
	[prefix, name] := split(a, ":")
	svc := lower(prefix)
	known[svc]
	not matches(svc, lower(name))
}

matches(svc, name) if known[svc][name]

matches(svc, name) if {
	regex.match(`[*?]`, name)
	pattern := util.possible_pattern(name)
	some n in known[svc]
	glob.match(pattern, null, n)
}

managed(s) if object.get(facts.policy(s.policy), "managed", "") != ""

managed(s) if facts.policy(s.policy).default == true

deny contains f if {
	some a, pair in unknown_actions
	some s in input.statements
	some field, list in {"Action": object.get(s, "actions", []), "NotAction": object.get(s, "notActions", [])}
	a in util.as_list(list)
	not managed(s)
	bucket := s.kind == "bucket"
	e := {"action": a, "service": pair[0], "name": pair[1], "field": field}
	f := object.union(
		{
			"message": sprintf("%s is not an action of %s%s: %s%s", [
				e.action, e.service, in_field(e.field), suggestion(e),
				refused(bucket),
			]),
			"loc": util.loc_or(s, e.field, s.loc),
		},
		severity(bucket),
	)
}

in_field("Action") := ""

in_field("NotAction") := " (in NotAction)"

severity(true) := {"severity": "error"}

severity(false) := {}

refused(true) := "; S3 refuses the whole bucket policy (\"Policy has invalid action\"), so none of its statements applies"

refused(false) := "; the entry grants nothing"

suggestion(e) := sprintf("write %s instead", [hint]) if {
	hint := hints[sprintf("%s:%s", [e.service, e.name])]
} else := sprintf("did you mean %s?", [concat(" or ", [sprintf("%s:%s", [e.service, n]) | some n in close(e)])]) if {
	count(close(e)) > 0
} else := sprintf("use an action the Service Authorization Reference lists for %s", [e.service])

# close(e) are up to 3 actions of the service whose name starts with the
# written name, or that the written name starts with, spelt as AWS does.
close(e) := array.slice(
	sort([n |
		some n in data.xacct.aws.actions[e.service]
		_near(lower(n), e.name)
	]),
	0, 3,
)

_near(n, name) if {
	count(name) >= 4
	startswith(n, name)
}

_near(n, name) if {
	count(n) >= 4
	startswith(name, n)
}
