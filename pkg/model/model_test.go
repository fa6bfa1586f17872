package model

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with the golden file path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func validSamples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	return files
}

// TestValidSamples loads each valid sample and compares its defaulted form
// with a golden file.
func TestValidSamples(t *testing.T) {
	for _, file := range validSamples(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s, err := Load(file)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			out, err := yaml.Marshal(s.WithDefaults())
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(file, ".yaml")+".defaults.golden", out)
		})
	}
}

// TestInvalidSamples checks the full error text of each invalid sample.
func TestInvalidSamples(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) == 0 {
		t.Fatal("no invalid samples")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			_, err := Load(file)
			var errs *Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load error = %v, want *Errors", err)
			}
			golden(t, strings.TrimSuffix(file, ".yaml")+".errors.golden", []byte(err.Error()+"\n"))
		})
	}
}

// TestAllProblemsAtOnce checks that problems of every stage — decoding,
// field rules, cross-field rules — come back together, sorted by position.
func TestAllProblemsAtOnce(t *testing.T) {
	src := edit(t, base,
		`accountId: "111111111111"`, `accountId: "1111"`, // field rule
		"  branch: main\n", "  branch: main\n  tag: v1\n", // unknown field
		"    deploy:\n", "    runOrder: [1]\n    deploy:\n", // type error
		"artifact: BuildArtifact", "artifact: Missing", // cross-field rule
	)
	_, err := Parse("f.yaml", []byte(src))
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Parse error = %v, want *Errors", err)
	}
	var got []string
	for _, fe := range errs.List {
		got = append(got, fe.Path)
	}
	want := []string{"tools.accountId", "source.tag", "targets[0].runOrder", "targets[0].deploy.codeDeployToECS.images[0].artifact"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) || !strings.HasPrefix(lines[0], `f.yaml:5:14: tools.accountId: "1111" is not`) {
		t.Errorf("Error() =\n%s", err)
	}
	// errors.As also reaches a single problem.
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "tools.accountId" {
		t.Errorf("errors.As(*FieldError) = %v", fe)
	}
}

// TestUnknownFields puts an unknown field at each depth of the model.
func TestUnknownFields(t *testing.T) {
	tests := []struct {
		after, indent, path string
		line, col           int
	}{
		{"  projectName: app-build\n", "", "colour", 16, 1},
		{"  region: ap-northeast-1\n", "  ", "pipeline.colour", 4, 3},
		{"  pipelineRoleName: app-pipeline-role\n", "  ", "tools.colour", 10, 3},
		{"  projectName: app-build\n", "  ", "build.colour", 16, 3},
		{"    actionRoleName: app-xacct\n", "    ", "targets[0].colour", 20, 5},
		{"      kind: CodeDeployToECS\n", "      ", "targets[0].deploy.colour", 22, 7},
		{"        deploymentGroup: app-dg\n", "        ", "targets[0].deploy.codeDeployToECS.colour", 25, 9},
		{"            containerName: IMAGE1_NAME\n", "            ", "targets[0].deploy.codeDeployToECS.images[0].colour", 28, 13},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			src := edit(t, base, tt.after, tt.after+tt.indent+"colour: blue\n")
			_, err := Parse("f.yaml", []byte(src))
			var errs *Errors
			if !errors.As(err, &errs) || len(errs.List) != 1 {
				t.Fatalf("Parse error = %v, want one problem", err)
			}
			fe := errs.List[0]
			if fe.Path != tt.path || fe.Line != tt.line || fe.Column != tt.col || !strings.Contains(fe.Message, "unknown field") {
				t.Errorf("got %d:%d %s %q, want %d:%d %s", fe.Line, fe.Column, fe.Path, fe.Message, tt.line, tt.col, tt.path)
			}
		})
	}
	// A regional store is a struct too.
	src := edit(t, base+secondTarget, "  pipelineRoleName", "  regions:\n    us-east-1: {bucket: x}\n  pipelineRoleName")
	_, err := Parse("f.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `f.yaml:10:17: tools.regions.us-east-1.bucket: unknown field`) {
		t.Errorf("regional store: got %v", err)
	}
}

// TestRoundTrip marshals each sample, as written and with defaults, and
// parses it back to the same Setup; WithDefaults is idempotent.
func TestRoundTrip(t *testing.T) {
	for _, file := range validSamples(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s, err := Load(file)
			if err != nil {
				t.Fatal(err)
			}
			for name, in := range map[string]*Setup{"as written": s, "with defaults": s.WithDefaults()} {
				out, err := yaml.Marshal(in)
				if err != nil {
					t.Fatal(err)
				}
				back, err := Parse(name, out)
				if err != nil {
					t.Fatalf("%s: Parse(Marshal) failed: %v\n%s", name, err, out)
				}
				if diff := cmp.Diff(in, back); diff != "" {
					t.Errorf("%s: round trip differs (-in +back):\n%s", name, diff)
				}
			}
			d := s.WithDefaults()
			if diff := cmp.Diff(d, d.WithDefaults()); diff != "" {
				t.Errorf("WithDefaults is not idempotent:\n%s", diff)
			}
		})
	}
}

// TestWithDefaultsCopies checks that WithDefaults leaves its receiver alone
// and shares no memory with it.
func TestWithDefaultsCopies(t *testing.T) {
	s, err := Load("testdata/valid/multi-region.yaml")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := yaml.Marshal(s)
	d := s.WithDefaults()
	d.Targets[0].Deploy.ECS.Cluster = "changed"
	d.Targets[2].Deploy.CloudFormation.Capabilities[0] = "changed"
	d.Tools.Regions["us-east-1"] = RegionalStore{ArtifactBucket: "changed"}
	*d.Tools.KeyRotation = true
	now, _ := yaml.Marshal(s)
	if diff := cmp.Diff(string(orig), string(now)); diff != "" {
		t.Errorf("receiver changed (-before +after):\n%s", diff)
	}
	if s.Tools.Regions["eu-west-1"].ArtifactBucket != "" || s.Targets[2].Deploy.InputArtifact != "Src" || s.Targets[0].RunOrder != 2 {
		t.Error("receiver got defaults")
	}
}

func TestWithDefaultsValues(t *testing.T) {
	s, err := Parse("x.yaml", []byte(base+secondTarget))
	if err != nil {
		t.Fatal(err)
	}
	d := s.WithDefaults()
	e := d.Targets[0].Deploy.CodeDeployToECS
	checks := []struct{ name, got, want string }{
		{"pipeline type", d.Pipeline.Type, PipelineTypeV2},
		{"source output", d.Source.OutputArtifact, "SourceArtifact"},
		{"build output", d.Build.OutputArtifact, "BuildArtifact"},
		{"deploy input", d.Targets[0].Deploy.InputArtifact, "BuildArtifact"},
		{"taskdef artifact", e.TaskDefinitionArtifact, "BuildArtifact"},
		{"taskdef path", e.TaskDefinitionPath, "taskdef.json"},
		{"appspec artifact", e.AppSpecArtifact, "BuildArtifact"},
		{"appspec path", e.AppSpecPath, "appspec.yaml"},
		{"target region", d.Targets[0].Region, "ap-northeast-1"},
		{"second target region", d.Targets[1].Region, "us-east-1"},
		{"regional bucket", d.Tools.Regions["us-east-1"].ArtifactBucket, "app-artifacts-us-east-1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if d.Targets[0].RunOrder != 1 || d.Tools.KeyRotation == nil || !*d.Tools.KeyRotation {
		t.Errorf("runOrder %d, keyRotation %v", d.Targets[0].RunOrder, d.Tools.KeyRotation)
	}
	if len(d.Tools.Regions) != 1 {
		t.Errorf("regions = %v, want only us-east-1", d.Tools.Regions)
	}
	// Without a build stage the deploy reads the source output.
	noBuild := edit(t, base, "build:\n  projectName: app-build\n", "", "artifact: BuildArtifact", "artifact: SourceArtifact")
	s, err = Parse("x.yaml", []byte(noBuild))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.WithDefaults().Targets[0].Deploy.InputArtifact; got != "SourceArtifact" {
		t.Errorf("input without build = %q", got)
	}
}

func TestHelpers(t *testing.T) {
	s, err := Load("testdata/valid/multi-region.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.ExtraRegions(), []string{"eu-west-1", "us-east-1"}; !cmp.Equal(got, want) {
		t.Errorf("ExtraRegions = %v, want %v", got, want)
	}
	if got := s.PipelineRoleArn(); got != "arn:aws:iam::012345678901:role/multi-pipeline" {
		t.Errorf("PipelineRoleArn = %s", got)
	}
	if got := s.ActionRoleArn(s.Targets[0]); got != "arn:aws:iam::222222222222:role/xacct-deploy" {
		t.Errorf("ActionRoleArn = %s", got)
	}
	if got := s.Targets[1].StageName(); got != "Deploy-worker" {
		t.Errorf("StageName = %s", got)
	}
	keyTests := []struct {
		region string
		arn    string
		ok     bool
	}{
		{"us-west-2", "", false}, // tools.keyId not known yet
		{"us-east-1", "arn:aws:kms:us-east-1:012345678901:key/mrk-1234567890abcdef1234567890abcdef", true},
		{"eu-west-1", "", false},
	}
	for _, k := range keyTests {
		if arn, ok := s.KeyArn(k.region); arn != k.arn || ok != k.ok {
			t.Errorf("KeyArn(%s) = %q, %v; want %q, %v", k.region, arn, ok, k.arn, k.ok)
		}
	}
	bucketTests := map[string]string{"us-west-2": "multi-artifacts", "us-east-1": "multi-artifacts-virginia", "eu-west-1": "multi-artifacts-eu-west-1"}
	for region, want := range bucketTests {
		if got := s.ArtifactBucket(region); got != want {
			t.Errorf("ArtifactBucket(%s) = %s, want %s", region, got, want)
		}
	}
	a, err := Load("testdata/valid/article.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if arn, ok := a.KeyArn("ap-northeast-1"); !ok || arn != "arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" {
		t.Errorf("KeyArn = %q, %v", arn, ok)
	}
	if len(a.ExtraRegions()) != 0 {
		t.Errorf("ExtraRegions = %v, want none", a.ExtraRegions())
	}
	for region, want := range map[string]string{"cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "us-iso-east-1": "aws-iso", "us-isob-east-1": "aws-iso-b", "eu-west-1": "aws"} {
		s := &Setup{Pipeline: Pipeline{Region: region}, Tools: Tools{AccountID: "111111111111", PipelineRoleName: "r"}}
		if got := s.Partition(); got != want {
			t.Errorf("Partition(%s) = %s, want %s", region, got, want)
		}
		if got := s.PipelineRoleArn(); got != "arn:"+want+":iam::111111111111:role/r" {
			t.Errorf("PipelineRoleArn in %s = %s", region, got)
		}
	}
}

func TestStarter(t *testing.T) {
	b := Starter()
	s, err := Parse("xacct.yaml", b)
	if err != nil {
		t.Fatalf("Parse(Starter()): %v", err)
	}
	if s.Tools.AccountID != "111111111111" || s.Targets[0].AccountID != "222222222222" {
		t.Errorf("starter accounts = %s, %s", s.Tools.AccountID, s.Targets[0].AccountID)
	}
	if _, ok := s.KeyArn(s.Pipeline.Region); ok {
		t.Error("starter has a key ID; it should be commented out until the tools stack exists")
	}
	if !strings.Contains(string(b), "# keyId:") || !strings.Contains(string(b), "pipeline.json") {
		t.Error("starter does not explain keyId")
	}
	// Every field of the model is mentioned, so the comments explain it.
	for _, field := range []string{"name", "region", "type", "accountId", "artifactBucket", "keyAlias", "keyId",
		"keyAdministrators", "pipelineRoleName", "keyRotation", "regions", "provider", "outputArtifact",
		"bucket", "objectKey", "repository", "branch", "connectionArn", "imageRepository", "imageTag",
		"projectName", "actionRoleName", "runOrder", "kind", "inputArtifact", "application", "deploymentGroup",
		"taskDefinitionArtifact", "taskDefinitionPath", "appSpecArtifact", "appSpecPath", "images", "containerName",
		"taskRoleArn", "executionRoleArn", "serviceRoleName", "cluster", "service", "fileName", "stackName",
		"deploymentRoleName", "templatePath", "capabilities"} {
		if !strings.Contains(string(b), field) {
			t.Errorf("starter does not mention %s", field)
		}
	}
	b[0] = 'X'
	if Starter()[0] == 'X' {
		t.Error("Starter returns shared memory")
	}
}

func TestLoadErrors(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want fs.ErrNotExist", err)
	}
	big := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Load(big) = %v", err)
	}
}

// TestValidate checks a Setup built in code: paths but no positions.
func TestValidate(t *testing.T) {
	s, err := Parse("x.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate(valid) = %v", err)
	}
	s.Targets[0].AccountID = s.Tools.AccountID
	s.Targets = append(s.Targets, s.Targets[0])
	err = s.Validate()
	want := `targets[0].accountId: "111111111111" is the tools account; a target must be another account (xacct models cross-account deploys)
targets[1].accountId: "111111111111" is the tools account; a target must be another account (xacct models cross-account deploys)
targets[1].name: "prod" is already the name of targets[0] (names must differ, ignoring case)`
	if err == nil || err.Error() != want {
		t.Errorf("Validate =\n%v\nwant\n%s", err, want)
	}
}

// TestAliasExpansion checks that a file whose aliases multiply is refused
// quickly instead of being expanded.
func TestAliasExpansion(t *testing.T) {
	var b strings.Builder
	b.WriteString("pipeline: {name: p, region: us-east-1}\ntools: {accountId: \"111111111111\", artifactBucket: bkt, keyAlias: alias/k, pipelineRoleName: r}\nsource: {provider: S3, bucket: src, objectKey: k}\n")
	b.WriteString("x0: &a0 {artifact: SourceArtifact, containerName: c}\n")
	b.WriteString("i: &i [" + strings.TrimSuffix(strings.Repeat("*a0, ", 400), ", ") + "]\n")
	b.WriteString("t: &t {name: t, accountId: \"222222222222\", actionRoleName: r, deploy: {kind: CodeDeployToECS, codeDeployToECS: {application: a, deploymentGroup: g, executionRoleArn: \"arn:aws:iam::222222222222:role/e\", images: *i}}}\n")
	b.WriteString("targets: [" + strings.TrimSuffix(strings.Repeat("*t, ", 400), ", ") + "]\n")
	start := time.Now()
	_, err := Parse("bomb.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "expands to more than") {
		t.Errorf("Parse = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Parse took %v", d)
	}
}

// TestMergeCycle checks that a merge key that refers to its own mapping ends.
func TestMergeCycle(t *testing.T) {
	src := "pipeline: &p\n  <<: *p\n  name: x\n"
	if _, err := Parse("c.yaml", []byte(src)); err == nil {
		t.Error("Parse accepted a cyclic merge")
	}
}

// TestMergeFanOut checks that merge keys that multiply through aliases end.
func TestMergeFanOut(t *testing.T) {
	src := "pipeline: &p\n  <<: [*p, *p, *p, *p, *p, *p]\n  name: x\n"
	start := time.Now()
	_, err := Parse("c.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "c.yaml:2:") {
		t.Errorf("Parse = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Parse took %v", d)
	}
}

func TestTooManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(base)
	for i := range 150 {
		fmt.Fprintf(&b, "extra%d: x\n", i)
	}
	_, err := Parse("m.yaml", []byte(b.String()))
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Parse = %v", err)
	}
	if len(errs.List) != MaxErrors+1 {
		t.Fatalf("%d problems listed, want %d", len(errs.List), MaxErrors+1)
	}
	if last := errs.List[MaxErrors].Error(); last != "m.yaml: 50 more problems not shown" {
		t.Errorf("last = %q", last)
	}
}
