# METADATA
# title: File belongs to no known account
# description: Neither the configuration nor the file tells which account the file belongs to.
# custom:
#   id: TP102
#   severity: info
#   remediation: Bind the file to an account in .xacct-lint.yaml.
package test.rules.tp102

deny contains {
	"message": sprintf("%s: account unknown", [f.path]),
	"loc": {"file": f.path, "line": 1, "column": 1, "pointer": ""},
} if {
	some f in input.files
	f.account == ""
}
