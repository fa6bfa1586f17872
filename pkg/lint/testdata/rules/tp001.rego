# METADATA
# title: File cannot be parsed
# description: The test twin of XA001.
# custom:
#   id: TP001
#   severity: error
#   remediation: Fix the syntax.
package test.rules.tp001

deny contains {"message": e.message, "loc": e.loc} if {
	some e in input.errors
}
