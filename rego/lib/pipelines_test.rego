package xacct.lib.pipelines_test

import data.xacct.lib.pipelines
import data.xacct.test.fixtures

test_known if {
	pipelines.known("x")
	not pipelines.known("")
	not pipelines.known("{{?X}}")
	not pipelines.known("<name>")
}

test_run_order if {
	pipelines.run_order({"runOrder": ""}) == 1
	pipelines.run_order({"runOrder": "3"}) == 3
	pipelines.run_order({"runOrder": "0"}) == 0
	not pipelines.run_order({"runOrder": "{{?N}}"})
	not pipelines.run_order({"runOrder": "1.5"})
}

test_outputs_index if {
	pipelines.outputs[[0, "BuildArtifact"]] == {{"stage": 1, "action": 0}} with input as fixtures.article
	pipelines.outputs[[0, "SourceArtifact"]] == {{"stage": 0, "action": 0}} with input as fixtures.article
	not pipelines.unknown_outputs[0] with input as fixtures.article
}

test_config_readable if {
	pipelines.config_readable({"configuration": {"A": "b"}})
	pipelines.config_readable({"configuration": {}, "types": {"name": "string"}})
	not pipelines.config_readable({"configuration": {}, "types": {"configuration": "map"}})
	not pipelines.config_readable({"configuration": {}})
	not pipelines.config_readable({"configuration": null})
}

test_missing_config if {
	pipelines.missing_config({"configuration": {"A": "x", "B": ""}}, ["C", "B", "A"]) == ["B", "C"]
}

test_null_lists if {
	pipelines.inputs({"inputArtifacts": null}) == []
	pipelines.outputs_of({}) == []
	pipelines.configuration({"configuration": null}) == {}
}
