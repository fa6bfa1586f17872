# METADATA
# title: Statement allows any principal
# description: An Allow statement whose principal is "*".
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: TP101
#   severity: error
#   remediation: Name the principals.
package test.rules.tp101

deny contains {
	"message": sprintf("statement %q allows principal \"*\"", [s.sid]),
	"loc": object.get(s.locs, "Principal", s.loc),
	"related": [{"message": "policy", "loc": p.loc}],
} if {
	some s in input.statements
	s.effect == "Allow"
	some pr in s.principals
	pr.value == "*"
	some p in input.policies
	p.id == s.policy
}
