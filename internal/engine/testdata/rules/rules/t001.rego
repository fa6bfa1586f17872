# METADATA
# title: Widget has no name
# description: Every widget needs a name.
# related_resources:
#   - ref: https://example.com/widgets
# custom:
#   id: T001
#   severity: error
#   remediation: Give the widget a name.
package xacct.rules.t001

import data.xacct.lib.util

deny contains {"message": sprintf("widget %d has no name", [i]), "loc": util.loc(w)} if {
	some i, w in input.widgets
	not w.name
}
