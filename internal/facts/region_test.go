package facts

import "testing"

func TestPipelineJSONRegionFromBinding(t *testing.T) {
	src := `{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111111111111:role/pipe", "stages": []}}`
	for _, region := range []string{"", "eu-west-1"} {
		in := buildFiles(t, map[string]Binding{"pipeline.json": {Account: "111111111111", Region: region}}, file{"pipeline.json", src})
		if got := in.Pipelines[0].Region; got != region {
			t.Errorf("binding region %q: pipeline Region = %q", region, got)
		}
	}
}
