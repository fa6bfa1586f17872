package generate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"github.com/google/go-cmp/cmp"

	"github.com/xacct-lint/xacct-lint/internal/awscli"
	"github.com/xacct-lint/xacct-lint/pkg/model"
)

var update = flag.Bool("update", false, "rewrite the generated files of examples/*/generated from examples/*/xacct.yaml")

// repoRoot is the repository root, relative to this package.
const repoRoot = "../.."

var examples = []string{"article", "multi-region"}

func loadExample(t *testing.T, name string) *model.Setup {
	t.Helper()
	s, err := model.Load(filepath.Join(repoRoot, "examples", name, "xacct.yaml"))
	if err != nil {
		t.Fatalf("load example %s: %v", name, err)
	}
	return s
}

func mustGenerate(t *testing.T, s *model.Setup) []File {
	t.Helper()
	files, err := Generate(context.Background(), s)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return files
}

func fileNamed(files []File, name string) (File, bool) {
	for _, f := range files {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}

// TestExamplesGolden compares the committed examples/*/generated folders with
// what Generate produces from examples/*/xacct.yaml: the golden files are
// the examples, so this is also the "generated output is fresh" check.
// -update rewrites them.
func TestExamplesGolden(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex, func(t *testing.T) {
			files := mustGenerate(t, loadExample(t, ex))
			dir := filepath.Join(repoRoot, "examples", ex, "generated")
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := Write(context.Background(), dir, files); err != nil {
					t.Fatal(err)
				}
			}
			diffs, err := Check(dir, files)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diffs {
				t.Errorf("%s is stale (run go test ./pkg/generate -update):\n%s", d.Name, d.Unified)
			}
			// Nothing on disk that Generate no longer writes.
			err = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(dir, path)
				if _, ok := fileNamed(files, filepath.ToSlash(rel)); !ok {
					t.Errorf("%s: not generated any more; remove it (or run -update)", path)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// setups returns every setup the property tests run on: the examples, the
// multi-region example once its keys are known, and one variant per source
// provider and deploy kind.
func setups(t *testing.T) map[string]*model.Setup {
	t.Helper()
	out := map[string]*model.Setup{}
	for _, ex := range examples {
		out[ex] = loadExample(t, ex)
	}
	mr := loadExample(t, "multi-region")
	mr.Tools.KeyID = "0000aaaa-12ab-34cd-56ef-1234567890ab"
	mr.Tools.Regions = map[string]model.RegionalStore{"eu-west-1": {KeyID: "1111bbbb-12ab-34cd-56ef-1234567890ab"}}
	out["multi-region-keys-known"] = mr

	starter, err := model.Parse("starter.yaml", model.Starter())
	if err != nil {
		t.Fatalf("model.Starter does not parse: %v", err)
	}
	out["starter"] = starter

	base := func() *model.Setup { return loadExample(t, "article") }
	s := base()
	s.Source = model.Source{Provider: model.SourceS3, Bucket: "source-bucket-111111111111", ObjectKey: "app/source.zip"}
	s.Targets[0].Deploy = model.Deploy{Kind: model.DeployECS, ECS: &model.ECSDeploy{
		Cluster: "prod", Service: "web", ExecutionRoleArn: "arn:aws:iam::222222222222:role/web-exec"}}
	out["s3-source-ecs"] = s

	s = base()
	s.Build = nil
	s.Source = model.Source{Provider: model.SourceECR, ImageRepository: "web"}
	s.Targets[0].Deploy = model.Deploy{Kind: model.DeployECS, ECS: &model.ECSDeploy{Cluster: "prod", Service: "web"}}
	out["ecr-source-ecs-no-roles"] = s

	s = base()
	s.Pipeline.Type = model.PipelineTypeV1
	s.Source = model.Source{Provider: model.SourceCodeCommit, Repository: "app", Branch: "main"}
	s.Targets[0].Deploy = model.Deploy{Kind: model.DeployCodeDeploy, CodeDeploy: &model.CodeDeployDeploy{Application: "app", DeploymentGroup: "fleet"}}
	s.Targets = append(s.Targets, model.Target{
		Name: "staging-eu", AccountID: "444444444444", Region: "eu-central-1", ActionRoleName: "deployer",
		Deploy: model.Deploy{Kind: model.DeployCloudFormation, CloudFormation: &model.CloudFormationDeploy{
			StackName: "app", DeploymentRoleName: "cfn-deployer", TemplatePath: "template.yaml"}},
	})
	s.Tools.Regions = map[string]model.RegionalStore{"eu-central-1": {ArtifactBucket: "eu-artifacts-111111111111", KeyID: "2222cccc-12ab-34cd-56ef-1234567890ab"}}
	out["codecommit-codedeploy-cfn-v1"] = s
	for name, s := range out {
		if err := s.Validate(); err != nil {
			t.Fatalf("setup %s is invalid: %v", name, err)
		}
	}
	return out
}

func sortedNames(m map[string]*model.Setup) []string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// TestDeterministic generates every setup twice and compares the bytes.
func TestDeterministic(t *testing.T) {
	all := setups(t)
	for _, name := range sortedNames(all) {
		a := mustGenerate(t, all[name])
		b := mustGenerate(t, all[name])
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: two runs differ (-first +second):\n%s", name, diff)
		}
		if !slices.IsSortedFunc(a, func(x, y File) int { return strings.Compare(x.Name, y.Name) }) {
			t.Errorf("%s: files not sorted by name", name)
		}
	}
}

// TestGenerateDoesNotModifySetup: defaults go to a copy.
func TestGenerateDoesNotModifySetup(t *testing.T) {
	s := loadExample(t, "multi-region")
	orig, err := model.Load(filepath.Join(repoRoot, "examples", "multi-region", "xacct.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	mustGenerate(t, s)
	if diff := cmp.Diff(orig, s); diff != "" {
		t.Errorf("Generate changed its input (-before +after):\n%s", diff)
	}
}

func TestGenerateRejectsInvalidSetup(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*model.Setup)
		want   string
	}{
		{"no targets", func(s *model.Setup) { s.Targets = nil }, "targets"},
		{"bad account", func(s *model.Setup) { s.Tools.AccountID = "1234" }, "tools.accountId"},
		{"kind without block", func(s *model.Setup) { s.Targets[0].Deploy.CodeDeployToECS = nil }, "codeDeployToECS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := loadExample(t, "article")
			tt.mutate(s)
			_, err := Generate(context.Background(), s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Generate error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := Generate(context.Background(), nil); err == nil {
		t.Error("Generate(nil) succeeded")
	}
}

// TestHeaders: every YAML and Markdown file says it is generated; JSON files
// (which cannot hold comments) end with a newline and use 2-space indent.
func TestHeaders(t *testing.T) {
	all := setups(t)
	for _, name := range sortedNames(all) {
		for _, f := range mustGenerate(t, all[name]) {
			switch {
			case strings.HasSuffix(f.Name, ".yaml"):
				if !bytes.HasPrefix(f.Data, []byte(yamlHeader)) {
					t.Errorf("%s/%s: no generated-by header", name, f.Name)
				}
			case strings.HasSuffix(f.Name, ".md"):
				if !bytes.HasPrefix(f.Data, []byte("<!-- generated by xacct-lint generate; do not edit -->\n")) {
					t.Errorf("%s/%s: no generated-by header", name, f.Name)
				}
			case strings.HasSuffix(f.Name, ".json"):
				if !bytes.HasSuffix(f.Data, []byte("}\n")) || !bytes.HasPrefix(f.Data, []byte("{\n  \"")) {
					t.Errorf("%s/%s: not 2-space indented JSON with a final newline", name, f.Name)
				}
			default:
				t.Errorf("%s/%s: unexpected kind of file", name, f.Name)
			}
			if bytes.Contains(f.Data, []byte("\t")) {
				t.Errorf("%s/%s: contains a tab", name, f.Name)
			}
		}
	}
}

// TestCfnLint runs cfn-lint on every generated template; it must report nothing.
func TestCfnLint(t *testing.T) {
	if testing.Short() {
		t.Skip("cfn-lint is slow; skipped with -short")
	}
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("cfn-lint not on PATH; install it (pip install cfn-lint) to check the generated templates")
	}
	all := setups(t)
	dir := t.TempDir()
	var templates []string
	for _, name := range sortedNames(all) {
		out := filepath.Join(dir, name)
		files := mustGenerate(t, all[name])
		if err := Write(context.Background(), out, files); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f.Name, ".yaml") && !strings.HasPrefix(f.Name, ".") {
				templates = append(templates, filepath.Join(out, f.Name))
			}
		}
	}
	if len(templates) < 2*len(all) {
		t.Fatalf("only %d templates found", len(templates))
	}
	cmd := exec.Command(bin, append([]string{"--format", "parseable", "--"}, templates...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("run cfn-lint: %v", err)
	}
	// The exit code is a bit mask: 2 errors, 4 warnings, 8 informational.
	if code := cmd.ProcessState.ExitCode(); code != 0 || stdout.Len() > 0 {
		t.Errorf("cfn-lint exit %d (2 error, 4 warning, 8 info):\n%s%s", code, stdout.String(), stderr.String())
	}
}

// TestAWSCLIAcceptsPipelineJSON hands every generated pipeline.json to the
// real AWS CLI: create-pipeline against a loopback endpoint (internal/awscli,
// the project's own version of shared/tools/awscli-accepts).
func TestAWSCLIAcceptsPipelineJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("the AWS CLI is slow; skipped with -short")
	}
	aws, err := awscli.Find()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	all := setups(t)
	checked := 0
	for _, name := range sortedNames(all) {
		f, ok := fileNamed(mustGenerate(t, all[name]), "pipeline.json")
		if !ok {
			continue
		}
		path := filepath.Join(t.TempDir(), "pipeline.json")
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := awscli.CreatePipeline(context.Background(), aws, path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !res.Accepted {
			t.Errorf("%s: the AWS CLI rejects pipeline.json:\n%s", name, res.Stderr)
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("only %d pipeline.json files checked", checked)
	}
}

// TestPipelineJSON checks the declaration's cross-account essentials.
func TestPipelineJSON(t *testing.T) {
	all := setups(t)
	for _, name := range sortedNames(all) {
		s := all[name]
		d := s.WithDefaults()
		f, ok := fileNamed(mustGenerate(t, s), "pipeline.json")
		keysKnown := true
		for _, r := range append([]string{d.Pipeline.Region}, d.ExtraRegions()...) {
			if _, ok := d.KeyArn(r); !ok {
				keysKnown = false
			}
		}
		if ok != keysKnown {
			t.Errorf("%s: pipeline.json written = %v, key IDs known = %v", name, ok, keysKnown)
		}
		if !ok {
			continue
		}
		var in struct {
			Pipeline struct {
				RoleArn        string
				PipelineType   string
				ArtifactStore  *artifactStore
				ArtifactStores map[string]artifactStore
				Stages         []stageDecl
			}
		}
		if err := json.Unmarshal(f.Data, &in); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pl := in.Pipeline
		if pl.RoleArn != d.PipelineRoleArn() || pl.PipelineType != d.Pipeline.Type {
			t.Errorf("%s: roleArn %q type %q", name, pl.RoleArn, pl.PipelineType)
		}
		stores := pl.ArtifactStores
		if len(d.ExtraRegions()) == 0 {
			if pl.ArtifactStore == nil || stores != nil {
				t.Fatalf("%s: single region wants artifactStore only", name)
			}
			stores = map[string]artifactStore{d.Pipeline.Region: *pl.ArtifactStore}
		} else if pl.ArtifactStore != nil || len(stores) != 1+len(d.ExtraRegions()) {
			t.Fatalf("%s: multi-region wants artifactStores with every region, got %v", name, stores)
		}
		for region, st := range stores {
			want, _ := d.KeyArn(region)
			if st.EncryptionKey.ID != want || st.EncryptionKey.Type != "KMS" || st.Location != d.ArtifactBucket(region) {
				t.Errorf("%s: store %s = %+v, want key %s", name, region, st, want)
			}
		}
		wantStages := []string{"Source"}
		if d.Build != nil {
			wantStages = append(wantStages, "Build")
		}
		for _, tg := range d.Targets {
			wantStages = append(wantStages, tg.StageName())
		}
		var got []string
		for i, st := range pl.Stages {
			got = append(got, st.Name)
			if i < len(pl.Stages)-len(d.Targets) {
				continue
			}
			tg := d.Targets[i-(len(pl.Stages)-len(d.Targets))]
			a := st.Actions[0]
			if a.RoleArn != d.ActionRoleArn(tg) || a.Region != tg.Region || a.RunOrder != tg.RunOrder || a.ActionTypeID.Provider != tg.Deploy.Kind {
				t.Errorf("%s: stage %s action = %+v", name, st.Name, a)
			}
		}
		if diff := cmp.Diff(wantStages, got); diff != "" {
			t.Errorf("%s: stages (-want +got):\n%s", name, diff)
		}
	}
}

// TestPolicyInvariants checks every standalone policy.
func TestPolicyInvariants(t *testing.T) {
	all := setups(t)
	for _, name := range sortedNames(all) {
		s := all[name].WithDefaults()
		n := 0
		for _, f := range mustGenerate(t, all[name]) {
			if !strings.HasPrefix(f.Name, "policies/") {
				continue
			}
			n++
			for _, problem := range policyProblems(f.Data, s.Tools.AccountID) {
				t.Errorf("%s/%s: %s", name, f.Name, problem)
			}
		}
		want := 2 + 2*(1+len(s.ExtraRegions())) + 2*len(s.Targets)
		for _, tg := range s.Targets {
			if tg.Deploy.Kind == model.DeployCloudFormation {
				want++ // the deployment role's policy
			}
		}
		if n != want {
			t.Errorf("%s: %d policies, want %d", name, n, want)
		}
	}
}

type stmt struct {
	Sid       string
	Effect    string
	Principal any
	Action    any
	Resource  any
	Condition map[string]map[string]any
}

func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// policyProblems lists what is wrong with one policy document.
func policyProblems(data []byte, toolsAccount string) []string {
	var problems []string
	var doc struct {
		Version   string
		Statement []stmt
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return []string{"not a policy: " + err.Error()}
	}
	if doc.Version != "2012-10-17" {
		problems = append(problems, "Version "+doc.Version)
	}
	if len(doc.Statement) == 0 {
		problems = append(problems, "no statements")
	}
	if strings.ContainsAny(string(data), "<>") {
		problems = append(problems, "a <…> placeholder")
	}
	sids := map[string]bool{}
	for i, st := range doc.Statement {
		if st.Sid == "" || sids[st.Sid] {
			problems = append(problems, fmt.Sprintf("statement %d: empty or duplicate Sid %q", i, st.Sid))
		}
		sids[st.Sid] = true
		for _, r := range st.Sid {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				problems = append(problems, fmt.Sprintf("Sid %q: IAM allows only letters and digits", st.Sid))
				break
			}
		}
		if st.Effect != "Allow" {
			continue
		}
		var principals []string
		switch p := st.Principal.(type) {
		case string:
			principals = []string{p}
		case map[string]any:
			principals = append(strs(p["AWS"]), strs(p["Service"])...)
		}
		foreign := false
		for _, p := range principals {
			if p == "*" {
				problems = append(problems, fmt.Sprintf("Sid %s: allows principal *", st.Sid))
			}
			if strings.HasPrefix(p, "arn:") && !strings.Contains(p, ":"+toolsAccount+":") {
				foreign = true
				if st.Condition["ArnEquals"]["aws:PrincipalArn"] == nil {
					problems = append(problems, fmt.Sprintf("Sid %s: another account without an aws:PrincipalArn condition", st.Sid))
				}
			}
		}
		for _, a := range strs(st.Action) {
			if foreign && (a == "s3:*" || a == "kms:*" || a == "*") {
				problems = append(problems, fmt.Sprintf("Sid %s: %s to another account", st.Sid, a))
			}
			if a == "sts:AssumeRole" && len(principals) == 0 {
				for _, r := range strs(st.Resource) {
					if strings.HasSuffix(r, "/*") || r == "*" {
						problems = append(problems, fmt.Sprintf("Sid %s: sts:AssumeRole on %s", st.Sid, r))
					}
				}
			}
			if a == "iam:PassRole" && st.Condition["StringEquals"]["iam:PassedToService"] == nil {
				problems = append(problems, fmt.Sprintf("Sid %s: iam:PassRole without iam:PassedToService", st.Sid))
			}
			if a == "s3:ListBucket" {
				for _, r := range strs(st.Resource) {
					if strings.Contains(r, "/") {
						problems = append(problems, fmt.Sprintf("Sid %s: s3:ListBucket on object ARN %s", st.Sid, r))
					}
				}
			}
			if a == "s3:GetObject" || a == "s3:PutObject" {
				for _, r := range strs(st.Resource) {
					if strings.HasPrefix(r, "arn:aws:s3:::") && !strings.Contains(r, "/") {
						problems = append(problems, fmt.Sprintf("Sid %s: %s on bucket ARN %s", st.Sid, a, r))
					}
				}
			}
		}
	}
	return problems
}

// TestPolicyInvariantsCatchProblems makes sure the checker above is not
// blind: each bad policy must be reported.
func TestPolicyInvariantsCatchProblems(t *testing.T) {
	bad := map[string]string{
		"placeholder":  `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::<B>:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
		"duplicate":    `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`,
		"version":      `{"Version":"2008-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`,
		"wildcard":     `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`,
		"s3 star":      `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"ArnEquals":{"aws:PrincipalArn":"x"}}}]}`,
		"no condition": `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"kms:Decrypt","Resource":"*"}]}`,
		"list objects": `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b/*"}]}`,
		"not json":     `{"Version":`,
	}
	for name, doc := range bad {
		if len(policyProblems([]byte(doc), "111111111111")) == 0 {
			t.Errorf("%s: no problem found", name)
		}
	}
}

// TestGrants checks who may do what, across the documents of the examples.
func TestGrants(t *testing.T) {
	policyOf := func(t *testing.T, files []File, name string) []stmt {
		t.Helper()
		f, ok := fileNamed(files, name)
		if !ok {
			t.Fatalf("%s not generated", name)
		}
		var doc struct{ Statement []stmt }
		if err := json.Unmarshal(f.Data, &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Statement
	}
	actionsFor := func(sts []stmt, sidPrefix string) []string {
		var out []string
		for _, s := range sts {
			if strings.HasPrefix(s.Sid, sidPrefix) {
				out = append(out, strs(s.Action)...)
			}
		}
		return out
	}

	t.Run("article", func(t *testing.T) {
		files := mustGenerate(t, loadExample(t, "article"))
		key := policyOf(t, files, "policies/tools-key-policy.json")
		if got := actionsFor(key, "AllowUseOfKeyProd"); !slices.Equal(got, []string{"kms:Decrypt", "kms:DescribeKey"}) {
			t.Errorf("prod may %v with the key; it writes no artifacts", got)
		}
		bucket := policyOf(t, files, "policies/tools-bucket-policy.json")
		if got := actionsFor(bucket, "AllowWrite"); got != nil {
			t.Errorf("bucket policy lets a reader write: %v", got)
		}
		pr := policyOf(t, files, "policies/pipeline-role-policy.json")
		for _, s := range pr {
			if slices.Contains(strs(s.Action), "sts:AssumeRole") {
				if diff := cmp.Diff([]string{"arn:aws:iam::222222222222:role/cross-account-codedeploy-role"}, strs(s.Resource)); diff != "" {
					t.Errorf("sts:AssumeRole resources (-want +got):\n%s", diff)
				}
			}
			if slices.Contains(strs(s.Action), "kms:Decrypt") && !slices.Equal(strs(s.Resource), []string{"arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"}) {
				t.Errorf("pipeline role KMS on %v", s.Resource)
			}
		}
		role := policyOf(t, files, "policies/target-prod-action-role-policy.json")
		all := actionsFor(role, "")
		for _, want := range []string{"codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:GetApplication",
			"codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision", "codedeploy:GetDeploymentConfig",
			"ecs:RegisterTaskDefinition", "iam:PassRole", "s3:GetObject", "kms:Decrypt"} {
			if !slices.Contains(all, want) {
				t.Errorf("action role lacks %s", want)
			}
		}
		tmpl, _ := fileNamed(files, "target-prod.yaml")
		if !bytes.Contains(tmpl.Data, []byte("arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS")) {
			t.Error("no CodeDeploy service role with AWSCodeDeployRoleForECS")
		}
	})

	t.Run("multi-region", func(t *testing.T) {
		files := mustGenerate(t, loadExample(t, "multi-region"))
		if _, ok := fileNamed(files, "pipeline.json"); ok {
			t.Error("pipeline.json written without key IDs")
		}
		readme, _ := fileNamed(files, "README.md")
		if !bytes.Contains(readme.Data, []byte("tools.regions.eu-west-1.keyId")) {
			t.Error("README does not explain which key IDs to fill in")
		}
		eu := policyOf(t, files, "policies/tools-eu-west-1-bucket-policy.json")
		if got := actionsFor(eu, "AllowWriteInfra"); !slices.Equal(got, []string{"s3:PutObject"}) {
			t.Errorf("infra (CloudFormation with outputs) may write %v, want s3:PutObject", got)
		}
		if got := actionsFor(eu, "AllowReadApp"); got != nil {
			t.Errorf("eu-west-1 bucket grants app, which deploys in ap-northeast-1: %v", got)
		}
		euKey := policyOf(t, files, "policies/tools-eu-west-1-key-policy.json")
		if got := actionsFor(euKey, "AllowUseOfKeyInfra"); !slices.Contains(got, "kms:GenerateDataKey*") {
			t.Errorf("infra writes artifacts but may only %v", got)
		}
		mainKey := policyOf(t, files, "policies/tools-key-policy.json")
		if got := actionsFor(mainKey, "AllowKeyAdministrators"); len(got) == 0 {
			t.Error("key administrators missing")
		}
		infra := policyOf(t, files, "policies/target-infra-action-role-policy.json")
		for _, s := range infra {
			if s.Sid == "UseArtifactKey" && !slices.Equal(strs(s.Resource), []string{"arn:aws:kms:eu-west-1:111111111111:key/*"}) {
				t.Errorf("infra key resource %v, want the eu-west-1 key/* of account A", s.Resource)
			}
			if s.Sid == "PassDeploymentRole" && !slices.Equal(strs(s.Resource), []string{"arn:aws:iam::333333333333:role/multi-region-infra-cfn"}) {
				t.Errorf("infra passes %v", s.Resource)
			}
		}
	})
}

// TestShortFormYAML: templates use short tags and never the long form.
func TestShortFormYAML(t *testing.T) {
	files := mustGenerate(t, loadExample(t, "article"))
	f, _ := fileNamed(files, "tools-account.yaml")
	for _, want := range []string{"!GetAtt ArtifactKey.Arn", "!Ref ArtifactBucket", "!Sub '${ArtifactBucket.Arn}/*'", "\n  ArtifactBucket:\n    Type: AWS::S3::Bucket\n"} {
		if !bytes.Contains(f.Data, []byte(want)) {
			t.Errorf("tools-account.yaml lacks %q", want)
		}
	}
	for _, f := range files {
		if bytes.Contains(f.Data, []byte("Fn::")) {
			t.Errorf("%s: long-form intrinsic", f.Name)
		}
	}
}

func TestWriteCheckRoundTrip(t *testing.T) {
	ctx := context.Background()
	files := mustGenerate(t, loadExample(t, "article"))
	dir := t.TempDir()

	diffs, err := Check(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != len(files) {
		t.Fatalf("empty folder: %d diffs, want %d", len(diffs), len(files))
	}
	if u := diffs[0].Unified; !strings.HasPrefix(u, "--- /dev/null\n+++ b/"+diffs[0].Name+"\n@@ -0,0 +1,") {
		t.Errorf("missing file diff:\n%s", u)
	}

	if err := Write(ctx, dir, files); err != nil {
		t.Fatal(err)
	}
	if diffs, err := Check(dir, files); err != nil || len(diffs) != 0 {
		t.Fatalf("after Write: %v, %v", diffs, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}

	path := filepath.Join(dir, "tools-account.yaml")
	data, _ := os.ReadFile(path)
	edited := bytes.Replace(data, []byte("Status: Enabled"), []byte("Status: Suspended"), 1)
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	diffs, err = Check(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 1 || diffs[0].Name != "tools-account.yaml" {
		t.Fatalf("after an edit: %+v", diffs)
	}
	for _, want := range []string{"--- a/tools-account.yaml\n+++ b/tools-account.yaml\n@@ -", "\n-        Status: Suspended\n", "\n+        Status: Enabled\n"} {
		if !strings.Contains(diffs[0].Unified, want) {
			t.Errorf("diff lacks %q:\n%s", want, diffs[0].Unified)
		}
	}

	if err := Write(ctx, dir, []File{{Name: "../escape", Data: nil}}); err == nil {
		t.Error("Write accepted a name outside the folder")
	}
	if _, err := Check(dir, []File{{Name: "/abs", Data: nil}}); err == nil {
		t.Error("Check accepted an absolute name")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := Write(cancelled, dir, files); !errors.Is(err, context.Canceled) {
		t.Errorf("Write with a cancelled context: %v", err)
	}
}

func TestUnifiedDiff(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "x\n", "x\n", ""},
		{"added to empty", "", "a\nb\n", "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"change in middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n",
			"--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n"},
		{"two hunks", "a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n", "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n",
			"--- a\n+++ b\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-b\n+B\n"},
		{"no final newline", "a", "b", "--- a\n+++ b\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unifiedDiff("a", "b", tt.a, tt.b); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestSidPart(t *testing.T) {
	for in, want := range map[string]string{"prod": "Prod", "prod-eu_1": "ProdEu1", "ステージ": ""} {
		if got := sidPart(in); got != want {
			t.Errorf("sidPart(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLintConfigBindsEveryDocument: the generated .xacct-lint.yaml binds each
// generated document to the account (and bare policies to the role) it
// belongs to; the first matching entry wins.
func TestLintConfigBindsEveryDocument(t *testing.T) {
	all := setups(t)
	for _, name := range sortedNames(all) {
		s := all[name].WithDefaults()
		files := mustGenerate(t, all[name])
		cf, _ := fileNamed(files, ".xacct-lint.yaml")
		var cfg struct {
			Accounts  map[string]string `yaml:"accounts"`
			Documents []struct {
				Path    string `yaml:"path"`
				Account string `yaml:"account"`
				Role    string `yaml:"role"`
				Region  string `yaml:"region"`
			} `yaml:"documents"`
		}
		if err := yaml.UnmarshalWithOptions(cf.Data, &cfg, yaml.Strict()); err != nil {
			t.Fatalf("%s: .xacct-lint.yaml: %v", name, err)
		}
		wantAccount := func(f string) (account, role string) {
			for _, tg := range s.Targets {
				switch {
				case f == "target-"+tg.Name+".yaml":
					return tg.AccountID, ""
				case tg.Deploy.Kind == model.DeployCloudFormation && f == "policies/target-"+tg.Name+"-deployment-role-policy.json":
					return tg.AccountID, tg.Deploy.CloudFormation.DeploymentRoleName
				case strings.HasPrefix(f, "policies/target-"+tg.Name+"-"):
					return tg.AccountID, tg.ActionRoleName
				}
			}
			if strings.HasPrefix(f, "policies/pipeline-role-") {
				return s.Tools.AccountID, s.Tools.PipelineRoleName
			}
			return s.Tools.AccountID, ""
		}
		for _, f := range files {
			if f.Name == "README.md" || f.Name == "architecture.md" || f.Name == ".xacct-lint.yaml" {
				continue
			}
			account, role, region := "", "", ""
			for _, d := range cfg.Documents {
				if ok, _ := path.Match(d.Path, f.Name); ok {
					account, role, region = cfg.Accounts[d.Account], d.Role, d.Region
					break
				}
			}
			// Templates and pipeline.json carry their region, so that
			// ${AWS::Region} resolves.
			wantRegion := ""
			switch {
			case f.Name == "tools-account.yaml" || f.Name == "pipeline.json":
				wantRegion = s.Pipeline.Region
			case strings.HasPrefix(f.Name, "tools-account-"):
				wantRegion = strings.TrimSuffix(strings.TrimPrefix(f.Name, "tools-account-"), ".yaml")
			case strings.HasPrefix(f.Name, "target-"):
				for _, tg := range s.Targets {
					if f.Name == "target-"+tg.Name+".yaml" {
						wantRegion = s.TargetRegion(tg)
					}
				}
			}
			if region != wantRegion {
				t.Errorf("%s: %s bound to region %q, want %q", name, f.Name, region, wantRegion)
			}
			wa, wr := wantAccount(f.Name)
			if account != wa || role != wr {
				t.Errorf("%s: %s bound to account %q role %q, want %q %q", name, f.Name, account, role, wa, wr)
			}
		}
	}
}

// TestTemplatesMatchStandalonePolicies: the policies inside a target template
// are the standalone JSON documents, value for value.
func TestTemplatesMatchStandalonePolicies(t *testing.T) {
	all := setups(t)
	for _, name := range sortedNames(all) {
		s := all[name].WithDefaults()
		files := mustGenerate(t, all[name])
		for _, tg := range s.Targets {
			tf, _ := fileNamed(files, "target-"+tg.Name+".yaml")
			var tmpl struct {
				Resources map[string]struct {
					Properties struct {
						RoleName                 string `yaml:"RoleName"`
						AssumeRolePolicyDocument any    `yaml:"AssumeRolePolicyDocument"`
						Policies                 []struct {
							PolicyDocument any `yaml:"PolicyDocument"`
						} `yaml:"Policies"`
					} `yaml:"Properties"`
				} `yaml:"Resources"`
			}
			// The intrinsics of target templates are all in Outputs, which
			// this does not read.
			if err := yaml.Unmarshal(tf.Data, &tmpl); err != nil {
				t.Fatalf("%s: target-%s.yaml: %v", name, tg.Name, err)
			}
			role := tmpl.Resources["ActionRole"].Properties
			if role.RoleName != tg.ActionRoleName || len(role.Policies) != 1 {
				t.Fatalf("%s: target-%s.yaml ActionRole = %+v", name, tg.Name, role)
			}
			for file, got := range map[string]any{
				"policies/target-" + tg.Name + "-trust.json":              role.AssumeRolePolicyDocument,
				"policies/target-" + tg.Name + "-action-role-policy.json": role.Policies[0].PolicyDocument,
			} {
				jf, _ := fileNamed(files, file)
				var want any
				if err := json.Unmarshal(jf.Data, &want); err != nil {
					t.Fatal(err)
				}
				// YAML and JSON decode to the same generic shapes once
				// normalised through JSON.
				gotJSON, _ := json.Marshal(got)
				var gotN any
				if err := json.Unmarshal(gotJSON, &gotN); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, gotN); diff != "" {
					t.Errorf("%s: %s differs from the template (-json +yaml):\n%s", name, file, diff)
				}
			}
		}
	}
}

// FuzzGenerate: whatever setup file model.Parse accepts, Generate neither
// panics nor fails, and every file it writes parses back.
func FuzzGenerate(f *testing.F) {
	for _, ex := range examples {
		data, err := os.ReadFile(filepath.Join(repoRoot, "examples", ex, "xacct.yaml"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(model.Starter())
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := model.Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		files, err := Generate(context.Background(), s)
		if err != nil {
			t.Fatalf("Generate failed on a valid setup: %v", err)
		}
		for _, f := range files {
			var v any
			switch {
			case strings.HasSuffix(f.Name, ".json"):
				err = json.Unmarshal(f.Data, &v)
			case strings.HasSuffix(f.Name, ".yaml"):
				_, err = parser.ParseBytes(f.Data, 0)
			}
			if err != nil {
				t.Fatalf("%s does not parse: %v\n%s", f.Name, err, f.Data)
			}
		}
	})
}
