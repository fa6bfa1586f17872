package xacct.rules.xa001_test

import data.xacct.rules.xa001
import data.xacct.test.fixtures

test_reports_parse_errors if {
	e := {"message": "line 17: invalid character '/' looking for beginning of object key string", "loc": fixtures.loc("pipeline.json", "")}
	findings := xa001.deny with input as fixtures.article_with({"errors": [e]})
	count(findings) == 1
	some f in findings
	f.loc.file == "pipeline.json"
	contains(f.message, "invalid character '/'")
}

test_one_finding_per_error if {
	errs := [
		{"message": "a", "loc": fixtures.loc("a.json", "")},
		{"message": "b", "loc": fixtures.loc("b.yaml", "")},
	]
	count(xa001.deny) == 2 with input as fixtures.article_with({"errors": errs})
}

test_no_errors_no_finding if {
	count(xa001.deny) == 0 with input as fixtures.article
}
