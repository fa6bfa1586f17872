package xacct.rules.xa002_test

import data.xacct.rules.xa002
import data.xacct.test.fixtures

value(expect, v, field) := {"expect": expect, "value": v, "field": field, "loc": fixtures.loc("tools.yaml", "/x")}

run(values) := r if {
	r := xa002.deny with input as fixtures.article_with({"values": values})
}

test_article_placeholders if {
	findings := run([
		value("principal", "arn:aws:iam::<アカウントBのアカウントID>:root", "Principal.AWS"),
		value("role-arn", "<CodePipelineのRoleArn>", "roleArn"),
		value("any", "<アーティファクト用S3のArn>/*", "Resource"),
	])
	count(findings) == 3
	some f in findings
	contains(f.message, "<アカウントBのアカウントID>")
	contains(f.message, "refuses the whole policy")
	some r in findings
	contains(r.message, "<アーティファクト用S3のArn>")
	contains(r.message, "the ARN it stands for")
	some g in findings
	contains(g.message, "<CodePipelineのRoleArn>")
	contains(g.message, "role ARN")
}

test_taskdef_placeholders_are_not_reported if {
	count(run([
		value("any", "<IMAGE1_NAME>", "image"),
		value("any", "<TASK_DEFINITION>", "TaskDefinition"),
	])) == 0
}

test_real_values_are_not_reported if {
	count(run([
		value("principal", "arn:aws:iam::222222222222:root", "Principal.AWS"),
		value("role-arn", "arn:aws:iam::{{?AWS::AccountId}}:role/x", "roleArn"),
		value("account-id", "222222222222", "AccountId"),
	])) == 0
}

test_unknown_markers_are_not_placeholders if {
	count(run([value("key-arn", "{{?KMSKey.Arn}}", "encryptionKey.id")])) == 0
}
