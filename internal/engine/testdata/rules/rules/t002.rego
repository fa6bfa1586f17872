# METADATA
# title: Widget is too big
# description: Widgets over 10 units are unwieldy; over 100 they break.
# custom:
#   id: T002
#   severity: warning
#   remediation: Make it smaller.
package xacct.rules.t002

deny contains result if {
	some w in input.widgets
	w.size > 10
	result := {
		"message": sprintf("widget %v is %d units", [w.name, w.size]),
		"loc": w.loc,
		"related": [{"message": "size limit set here", "loc": input.limit.loc}],
		"severity": severity(w.size),
	}
}

severity(size) := "error" if size > 100

else := "warning"
