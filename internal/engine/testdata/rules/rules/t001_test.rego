# METADATA
# title: Loading this test module would make the id T001 duplicate
# custom:
#   id: T001
#   severity: error
package xacct.rules.t001_test

import data.xacct.rules.t001

test_no_name if {
	count(t001.deny) == 1 with input as {"widgets": [{"loc": {"file": "a", "line": 1}}]}
}

deny contains "x" if false
