package facts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// FuzzPipeline normalises a fuzzer-chosen pipeline declaration: as a
// pipeline.json (camelCase, {"pipeline": …} or bare) or, with asTemplate,
// as the Properties of an AWS::CodePipeline::Pipeline resource
// (PascalCase, intrinsics resolved). It checks that normalising is
// deterministic, that exactly one pipeline comes out with one stage per
// stage written and one action per action written, that every location
// points inside the document, that an action's field types and extra
// keys are the API's, and that the facts marshal to JSON.
func FuzzPipeline(f *testing.F) {
	for _, glob := range []string{"testdata/golden/*/pipeline.json", "../../examples/*/pipeline.json", "../../examples/*/generated/pipeline.json"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 20000 {
				f.Add(data, false)
			}
		}
	}
	for _, s := range []string{
		`{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111111111111:role/p", "artifactStore": {"type": "S3", "location": "b", "encryptionKey": {"id": "arn:aws:kms:eu-west-1:111111111111:key/k", "type": "KMS"}}, "stages": [{"name": "S", "actions": [{"name": "A", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}, "runOrder": 1, "configuration": {"S3Bucket": "b", "PollForSourceChanges": false, "X": {"a": [1]}}, "outputArtifacts": [{"name": "out"}], "inputArtifacts": ["bare"], "roleArn": "arn:aws:iam::222222222222:role/a", "region": "eu-west-1", "namespace": "ns", "bogus": 1}]}], "version": 1, "metadata": {}}, "tags": []}`,
		`{"stages": [], "artifactStores": {"eu-west-1": {"type": "S3", "location": "b"}, "us-east-1": {"type": "S3", "location": "c", "extra": 1}}}`,
		`{"pipeline": {"name": "p", "roleArn": 1, "artifactStores": [{"region": "eu-west-1", "artifactStore": {"type": "S3"}}, 2], "stages": [1, {"actions": [null, "x", {}]}]}}`,
		`{"pipeline": {"stages": {"name": "not a list"}, "artifactStore": "S3"}}`,
		`{"Name": "p", "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]}, "ArtifactStores": [{"Region": {"Ref": "AWS::Region"}, "ArtifactStore": {"Type": "S3", "Location": {"Ref": "B"}, "EncryptionKey": {"Id": {"Fn::ImportValue": "k"}, "Type": "KMS"}}}], "Stages": [{"Name": "S", "Actions": [{"Name": "A", "ActionTypeId": {"Category": "Deploy", "Owner": "AWS", "Provider": "CodeDeploy", "Version": "1"}, "RoleArn": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/x"}, "Configuration": {"ApplicationName": {"Ref": "AWS::NoValue"}}, "InputArtifacts": [{"Name": "out"}]}]}]}`,
		`{"Stages": [{"Fn::If": ["C", {"Name": "S"}, {"Ref": "AWS::NoValue"}]}], "ArtifactStore": {"Fn::If": ["C", {"Type": "S3"}, {"Type": "S3"}]}}`,
		`{"Fn::If": ["C", {}, {}]}`,
		`[]`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, asTemplate bool) {
		// Read as YAML, which takes JSON too: more mutations stay readable.
		const file = "pipeline.yaml"
		var doc *source.Document
		var err error
		within(t, "source.Parse", func() { doc, err = source.Parse(file, data) })
		if err != nil || doc.Root == nil {
			return
		}
		if !asTemplate && doc.Root.Kind != source.Map {
			return // pipeline.json's reader is only given maps
		}
		pc := newPosChecker(doc)
		normalise := func() *Input {
			b := emptyBuilder()
			within(t, "pipeline", func() {
				if asTemplate {
					b.readTemplate(wrapPipeline(doc), "111111111111")
				} else {
					b.pipelineJSON(doc, "111111111111")
				}
			})
			return b.in
		}
		in := normalise()
		if diff := cmp.Diff(in, normalise()); diff != "" {
			t.Fatalf("normalising twice differs (-first +second):\n%s", diff)
		}
		pc.locsIn(t, in)
		if len(in.Pipelines) != 1 {
			t.Fatalf("%d pipelines, want 1", len(in.Pipelines))
		}
		p := in.Pipelines[0]
		decl := doc.Root
		if pv := decl.Get("pipeline"); !asTemplate && pv != nil && pv.Kind == source.Map {
			decl = pv
		}
		key := func(camel string) string {
			if asTemplate {
				return strings.ToUpper(camel[:1]) + camel[1:]
			}
			return camel
		}
		stages := decl.Get(key("stages"))
		if asTemplate {
			// Intrinsics may add or drop stages: only a plain list counts.
			if stages != nil && stages.Kind == source.Seq {
				for _, s := range stages.Items {
					if _, _, ok := isIntrinsic(s); ok {
						stages = nil
						break
					}
				}
			}
			if _, _, ok := isIntrinsic(decl); ok {
				stages = nil
			}
		}
		if stages != nil && stages.Kind == source.Seq {
			if len(p.Stages) != len(stages.Items) {
				t.Fatalf("%d stages for %d written", len(p.Stages), len(stages.Items))
			}
			for i, s := range p.Stages {
				acts := stages.Items[i].Get(key("actions"))
				if acts == nil || acts.Kind != source.Seq || asTemplate {
					continue
				}
				if len(s.Actions) != len(acts.Items) {
					t.Fatalf("stage %d: %d actions for %d written", i, len(s.Actions), len(acts.Items))
				}
			}
		} else if !asTemplate && len(p.Stages) != 0 {
			t.Fatalf("%d stages without a list of stages", len(p.Stages))
		}
		for _, s := range p.Stages {
			for _, a := range s.Actions {
				checkAction(t, a, asTemplate)
			}
		}
		if asTemplate && len(p.Extra) != 0 {
			t.Fatalf("a template's pipeline has extra keys %v", p.Extra)
		}
	})
}

// checkAction checks one action's fields against each other.
func checkAction(t *testing.T, a Action, asTemplate bool) {
	t.Helper()
	if a.Configuration == nil || a.InputArtifacts == nil || a.OutputArtifacts == nil || a.Extra == nil || a.Locs == nil {
		t.Fatalf("action %q has a nil list or map: %+v", a.Name, a)
	}
	for k := range a.Configuration {
		if _, ok := a.Locs["configuration."+k]; !ok {
			t.Fatalf("action %q: configuration %q has no location", a.Name, k)
		}
	}
	for _, e := range a.Extra {
		if actionKeys[e.Name] {
			t.Fatalf("action %q: known key %q listed as extra", a.Name, e.Name)
		}
	}
	if asTemplate && a.Types != nil {
		t.Fatalf("action %q of a template has types %v", a.Name, a.Types)
	}
	for k, ty := range a.Types {
		if _, ok := a.Locs[k]; !ok {
			t.Fatalf("action %q: type of %q without a location", a.Name, k)
		}
		switch ty {
		case "null", "string", "number", "bool", "map", "list":
		default:
			t.Fatalf("action %q: %q has type %q", a.Name, k, ty)
		}
	}
}

// wrapPipeline returns a template document whose one resource is an
// AWS::CodePipeline::Pipeline with doc's root as its Properties.
func wrapPipeline(doc *source.Document) *source.Document {
	at := doc.Root.Pos
	str := func(s string) *source.Node { return &source.Node{Kind: source.String, Pos: at, Str: s} }
	res := &source.Node{Kind: source.Map, Pos: at, Entries: []source.Entry{
		{Key: "Type", KeyPos: at, Value: str("AWS::CodePipeline::Pipeline")},
		{Key: "Properties", KeyPos: at, Value: doc.Root},
	}}
	root := &source.Node{Kind: source.Map, Pos: at, Entries: []source.Entry{
		{Key: "Resources", KeyPos: at, Value: &source.Node{Kind: source.Map, Pos: at, Entries: []source.Entry{
			{Key: "Pipeline", KeyPos: at, Value: res},
		}}},
	}}
	return &source.Document{Path: doc.Path, Format: doc.Format, Kind: source.KindTemplate, Root: root, Src: doc.Src}
}
