# METADATA
# title: Policy grammar error
# description: |
#   A policy statement breaks the IAM policy grammar: an Effect other than
#   `Allow` or `Deny`, neither or both of Action/NotAction, a missing or
#   doubled Resource, a Principal in an identity policy (or none in a key,
#   bucket or trust policy), a Resource in a trust policy, a key IAM does not
#   know, or a Version other than `2012-10-17`/`2008-10-17`. The service
#   refuses the whole document, not just the statement: IAM
#   (MalformedPolicyDocument), S3 (MalformedPolicy) and KMS
#   (MalformedPolicyDocumentException).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
# custom:
#   id: XA005
#   severity: error
#   remediation: |
#     Fix the statement as the message says. Identity policies (a role's
#     Policies, AWS::IAM::Policy) never name a Principal; key, bucket and
#     trust policies always do. Trust policies have no Resource.
package xacct.rules.xa005

import data.xacct.lib.util

resource_policy_kinds := {"key", "bucket", "trust"}

refused := {
	"identity": "IAM refuses the whole policy",
	"trust": "IAM refuses the whole trust policy",
	"bucket": "S3 refuses the whole bucket policy",
	"key": "KMS refuses the whole key policy",
	"unknown": "AWS refuses the whole policy",
}

finding(s, field, what) := {
	"message": sprintf("%s: %s", [what, object.get(refused, s.kind, refused.unknown)]),
	"loc": util.loc_or(s, field, s.loc),
}

deny contains finding(s, "Effect", msg) if {
	some s in input.statements
	not s.effect in {"Allow", "Deny"}
	util.is_known(s.effect)
	msg := sprintf("Effect %q must be \"Allow\" or \"Deny\" (case matters)", [s.effect])
}

deny contains finding(s, "Action", "statement has neither Action nor NotAction") if {
	some s in input.statements
	not s.has.action
	not s.has.notAction
}

deny contains finding(s, "Action", "statement has both Action and NotAction; keep one") if {
	some s in input.statements
	s.has.action
	s.has.notAction
}

deny contains finding(s, "Resource", "statement has both Resource and NotResource; keep one") if {
	some s in input.statements
	s.has.resource
	s.has.notResource
}

deny contains finding(s, "Resource", msg) if {
	some s in input.statements
	s.kind in {"identity", "bucket", "key"}
	not s.has.resource
	not s.has.notResource
	msg := sprintf("%s policy statement has no Resource; add Resource (%s)", [s.kind, resource_hint[s.kind]])
}

resource_hint := {
	"identity": "the ARNs it allows, or \"*\"",
	"bucket": "the bucket ARN and/or arn:aws:s3:::BUCKET/*",
	"key": "\"*\", which means this key",
}

deny contains finding(s, "Resource", "a trust policy statement must not have Resource or NotResource; remove it") if {
	some s in input.statements
	s.kind == "trust"
	has_resource(s)
}

has_resource(s) if s.has.resource

has_resource(s) if s.has.notResource

deny contains finding(s, "Principal", "an identity policy must not name a Principal: the policy applies to the role or user it is attached to; remove Principal (or move the statement to a resource policy)") if {
	some s in input.statements
	s.kind == "identity"
	has_principal(s)
}

deny contains finding(s, "Principal", msg) if {
	some s in input.statements
	s.kind in resource_policy_kinds
	not has_principal(s)
	msg := sprintf("%s policy statement has no Principal; name who it applies to", [s.kind])
}

deny contains finding(s, "Principal", msg) if {
	some s in input.statements
	some p in array.concat(util.as_list(s.principals), util.as_list(s.notPrincipals))
	not p.type in {"*", "AWS", "Service", "Federated", "CanonicalUser"}
	msg := principal_shape_message(p)
}

principal_shape_message(p) := sprintf("Principal %q must be \"*\" or a map such as {\"AWS\": \"%s\"}", [p.value, p.value]) if {
	p.type == ""
} else := sprintf("principal type %q is not AWS, Service, Federated or CanonicalUser", [p.type])

deny contains finding(s, "Principal", "statement has both Principal and NotPrincipal; keep one") if {
	some s in input.statements
	s.has.principal
	s.has.notPrincipal
}

has_principal(s) if s.has.principal

has_principal(s) if s.has.notPrincipal

deny contains finding(s, "Effect", msg) if {
	some s in input.statements
	some key in object.get(s.has, "unknown", [])
	msg := sprintf("statement key %q is not part of the policy grammar (Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)", [key])
}

deny contains f if {
	some p in input.policies
	p.version != ""
	not p.version in {"2012-10-17", "2008-10-17"}
	util.is_known(p.version)
	f := {
		"message": sprintf("Version %q is not a policy language version; use \"2012-10-17\": %s", [p.version, object.get(refused, p.kind, refused.unknown)]),
		"loc": p.loc,
	}
}

deny contains f if {
	some p in input.policies
	some prob in object.get(p, "problems", [])
	f := {
		"message": sprintf("%s: %s", [prob.message, object.get(refused, p.kind, refused.unknown)]),
		"loc": prob.loc,
	}
}
