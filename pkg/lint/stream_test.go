package lint_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xacct-lint/xacct-lint/internal/corpus"
	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/lint/report"
)

// newStreamLinter returns a Linter with the configuration in dir, if any.
func newStreamLinter(t *testing.T, dir string) *lint.Linter {
	t.Helper()
	opts := []lint.Option{lint.WithEvalTimeout(time.Minute)}
	cfgPath := filepath.Join(dir, lint.DefaultConfigFile)
	if _, err := os.Stat(cfgPath); err == nil {
		cfg, err := lint.LoadConfig(cfgPath)
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, lint.WithConfig(cfg))
	}
	l, err := lint.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// rendered is a report in the JSON and text (with excerpts) formats, and
// the sources of every file its findings point at.
func rendered(t *testing.T, rep *lint.Report) string {
	t.Helper()
	var out bytes.Buffer
	if err := report.Write(&out, rep, report.FormatJSON, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := report.Write(&out, rep, report.FormatText, report.Options{Excerpts: true}); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&out, "files: %q\n", rep.Files)
	for _, f := range rep.Findings {
		for _, file := range append([]string{f.File}, relatedFiles(f)...) {
			fmt.Fprintf(&out, "source %s: %q\n", file, rep.Source(file))
		}
	}
	return out.String()
}

func relatedFiles(f lint.Finding) []string {
	var out []string
	for _, r := range f.Related {
		out = append(out, r.File)
	}
	return out
}

// checkStream lints dir with the whole run and with the streaming run,
// every unit a group of its own and with the default groups (Lint), and
// wants the same reports. It returns the whole run's report.
func checkStream(t *testing.T, l *lint.Linter, dir string) *lint.Report {
	t.Helper()
	ctx := context.Background()
	whole, err := lint.LintWhole(ctx, l, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := rendered(t, whole)
	for _, groupBytes := range []int{1} {
		rep, err := lint.LintStream(ctx, l, groupBytes, dir)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, rendered(t, rep)); d != "" {
			t.Errorf("groups of %d bytes: streaming report differs from the whole run (-whole +stream):\n%s", groupBytes, d)
		}
	}
	// Lint itself is the streaming run.
	rep, err := l.Lint(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, rendered(t, rep)); d != "" {
		t.Errorf("Lint differs from the whole run (-whole +Lint):\n%s", d)
	}
	return whole
}

// TestStreamAgreesWithWhole: over every example setup and a generated
// corpus with seeded mistakes, the streaming run gives byte for byte the
// report of one run over all documents.
func TestStreamAgreesWithWhole(t *testing.T) {
	var dirs []string
	for _, pattern := range []string{"../../examples/*", "../../examples/known-good/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range m {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				if _, err := os.Stat(filepath.Join(d, "generated")); err == nil {
					d = filepath.Join(d, "generated")
				}
				dirs = append(dirs, d)
			}
		}
	}
	if len(dirs) < 8 {
		t.Fatalf("found %d example folders, want at least 8", len(dirs))
	}
	for _, d := range dirs {
		t.Run(strings.TrimPrefix(d, "../../"), func(t *testing.T) {
			checkStream(t, newStreamLinter(t, d), d)
		})
	}
	t.Run("corpus-40", func(t *testing.T) {
		dir := t.TempDir()
		stats, err := corpus.Write(context.Background(), dir, corpus.Options{Setups: 40, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if stats.Mistaken == 0 {
			t.Fatal("corpus has no seeded mistakes")
		}
		l := newStreamLinter(t, dir)
		rep := checkStream(t, l, dir)
		if len(rep.Findings) == 0 {
			t.Fatal("corpus gives no findings")
		}
		units, err := lint.StreamUnits(context.Background(), l, dir)
		if err != nil {
			t.Fatal(err)
		}
		// Setups are apart: no unit spans two setup folders.
		for _, u := range units {
			setup := ""
			for _, f := range u {
				rel, _ := filepath.Rel(dir, f)
				top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
				if setup == "" {
					setup = top
				} else if top != setup {
					t.Errorf("unit %q spans setups %s and %s", u, setup, top)
					break
				}
			}
		}
		if len(units) < 40 {
			t.Errorf("%d units, want at least one per setup (40)", len(units))
		}
	})
}

// writeFiles writes files (slash paths → content) under a new folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const unrelatedTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Other:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: unrelated-bucket
`

// TestStreamCrossFile checks, for each way Build links facts across files,
// that the files it links are one unit of the streaming run, apart from
// an unrelated file, and that the streaming report is the whole run's.
func TestStreamCrossFile(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		units [][]string // want, as base names; unrelated.yaml always alone
	}{
		{
			name: "bare policy bound to a role by configuration",
			files: map[string]string{
				".xacct-lint.yaml": `accounts: {tools: "111111111111"}
documents:
  - {path: "role.yaml", account: tools}
  - {path: "policy.json", account: tools, role: app-role}
`,
				"role.yaml": `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-role
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
`,
				"policy.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`,
			},
			units: [][]string{{"policy.json", "role.yaml"}},
		},
		{
			name: "pipeline names a role of another template whose account is inferred",
			files: map[string]string{
				"pipeline.json": `{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111111111111:role/pipe-role",
  "artifactStore": {"type": "S3", "location": "store-bucket"},
  "stages": [{"name": "Source", "actions": [{"name": "S", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
    "configuration": {"S3Bucket": "store-bucket", "S3ObjectKey": "a.zip"}, "outputArtifacts": [{"name": "A"}]}]}]}}
`,
				"roles.yaml": `Resources:
  PipeRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: pipe-role
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: codepipeline.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:*
                Resource: !Sub 'arn:aws:s3:::store-${AWS::AccountId}/*'
`,
			},
			units: [][]string{{"pipeline.json", "roles.yaml"}},
		},
		{
			name: "AWS::IAM::Policy attaches to a role of another file by name",
			files: map[string]string{
				".xacct-lint.yaml": `accounts: {tools: "111111111111"}
documents:
  - {path: "*.yaml", account: tools}
`,
				"attach.yaml": `Resources:
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [deploy-role]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: kms:Decrypt
            Resource: '*'
`,
				"role.yaml": `Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy-role
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: 'arn:aws:iam::222222222222:root'}
            Action: sts:AssumeRole
`,
			},
			units: [][]string{{"attach.yaml", "role.yaml"}},
		},
		{
			name: "a policy attached to roles that cannot be told makes the account's roles incomplete",
			files: map[string]string{
				".xacct-lint.yaml": `accounts: {tools: "111111111111", prod: "222222222222"}
documents:
  - {path: "attach.yaml", account: tools}
  - {path: "role.yaml", account: tools}
  - {path: "prod-role.yaml", account: prod}
`,
				"attach.yaml": `Parameters:
  RoleParam: {Type: String}
Resources:
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref RoleParam]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:PutObject
            Resource: '*'
`,
				"role.yaml": `Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy-role
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
`,
				"prod-role.yaml": `Resources:
  ProdRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: prod-role
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
`,
			},
			units: [][]string{{"attach.yaml", "role.yaml"}, {"prod-role.yaml"}},
		},
		{
			name: "bucket policy for a bucket of another file",
			files: map[string]string{
				"bucket.yaml": `Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-artifacts
`,
				"bucket-policy.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-artifacts/*"}]}`,
			},
			units: [][]string{{"bucket-policy.json", "bucket.yaml"}},
		},
		{
			name: "pipeline's artifact store key named by an alias of another file",
			files: map[string]string{
				".xacct-lint.yaml": `accounts: {tools: "111111111111"}
documents:
  - {path: "*", account: tools, region: eu-west-1}
`,
				"key.yaml": `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: 'arn:aws:iam::111111111111:root'}
            Action: 'kms:*'
            Resource: '*'
  KeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/pipeline-key
      TargetKeyId: !Ref Key
`,
				"pipeline.json": `{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111111111111:role/pipe-role",
  "artifactStore": {"type": "S3", "location": "store-bucket", "encryptionKey": {"id": "alias/pipeline-key", "type": "KMS"}},
  "stages": [{"name": "Source", "actions": [{"name": "S", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
    "configuration": {"S3Bucket": "store-bucket", "S3ObjectKey": "a.zip"}, "outputArtifacts": [{"name": "A"}]}]}]}}
`,
			},
			units: [][]string{{"key.yaml", "pipeline.json"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"unrelated.yaml": unrelatedTemplate}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := writeFiles(t, files)
			l := newStreamLinter(t, dir)
			checkStream(t, l, dir)
			units, err := lint.StreamUnits(context.Background(), l, dir)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, u := range units {
				var names []string
				for _, f := range u {
					names = append(names, filepath.Base(f))
				}
				slices.Sort(names)
				got = append(got, names)
			}
			want := append(slices.Clone(tt.units), []string{"unrelated.yaml"})
			less := func(a, b []string) int { return strings.Compare(strings.Join(a, ","), strings.Join(b, ",")) }
			slices.SortFunc(got, less)
			slices.SortFunc(want, less)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("units (-want +got):\n%s", d)
			}
		})
	}
}

// findingSet is the findings of rep as "file:line:col rule message" lines.
func findingSet(rep *lint.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, fmt.Sprintf("%s:%d:%d %s %s", filepath.Base(f.File), f.Line, f.Column, f.Rule, f.Message))
	}
	slices.Sort(out)
	return out
}

// TestStreamCrossFileMatters checks that the cross-file cases of
// TestStreamCrossFile are real: linting the files together gives other
// findings than linting each one alone, so a streaming run that split
// them would differ from the whole run.
func TestStreamCrossFileMatters(t *testing.T) {
	ctx := context.Background()
	dir := writeFiles(t, map[string]string{
		"bucket.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: my-artifacts\n",
		"bucket-policy.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-artifacts/*"}]}`,
	})
	l := newStreamLinter(t, dir)
	together, err := lint.LintWhole(ctx, l, dir)
	if err != nil {
		t.Fatal(err)
	}
	var alone []string
	for _, f := range []string{"bucket.yaml", "bucket-policy.json"} {
		rep, err := lint.LintWhole(ctx, l, filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		alone = append(alone, findingSet(rep)...)
	}
	slices.Sort(alone)
	if cmp.Equal(findingSet(together), alone) {
		t.Fatalf("the files give the same findings together and alone: %q", alone)
	}
	checkStream(t, l, dir)
}

// TestStreamSuppressions spreads inline and configuration suppressions,
// used and stale, over the units of a corpus: the streaming run applies
// them, and reports the stale ones (XA000), exactly as the whole run.
func TestStreamSuppressions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	stats, err := corpus.Write(ctx, dir, corpus.Options{Setups: 10, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	l := newStreamLinter(t, dir)
	before, err := lint.LintWhole(ctx, l, dir)
	if err != nil {
		t.Fatal(err)
	}
	// Two findings in templates of different setups.
	setupOf := func(file string) string {
		rel, _ := filepath.Rel(dir, file)
		top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		return top
	}
	var f1, f2 *lint.Finding
	for i := range before.Findings {
		f := &before.Findings[i]
		if !strings.HasSuffix(f.File, ".yaml") || f.Suppressed != nil {
			continue
		}
		switch {
		case f1 == nil:
			f1 = f
		case f2 == nil && setupOf(f.File) != setupOf(f1.File) && f.Rule != f1.Rule:
			f2 = f
		}
	}
	if f1 == nil || f2 == nil {
		t.Fatalf("want findings in templates of two setups (%d mistaken), got %q", stats.Mistaken, findingSet(before))
	}
	// A rule with no finding in f1's file, for stale entries.
	has := map[string]bool{}
	for _, f := range before.Findings {
		has[f.Rule] = true
	}
	stale := ""
	for _, r := range l.Rules() {
		if !has[r.ID] && r.ID != lint.SuppressionRule && r.Severity != lint.SeverityOff {
			stale = r.ID
			break
		}
	}
	if stale == "" {
		t.Fatal("no rule without findings")
	}
	appendTo := func(path, text string) {
		t.Helper()
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}
	appendTo(f1.File, fmt.Sprintf(`Metadata:
  xacct-lint:
    ignore:
      - {rule: %s, reason: inline and used}
      - {rule: %s, reason: inline and stale}
      - {rule: %s}
`, f1.Rule, stale, f1.Rule))
	rel2, _ := filepath.Rel(dir, f2.File)
	appendTo(filepath.Join(dir, lint.DefaultConfigFile), fmt.Sprintf(`ignore:
  - {rule: %s, path: %q, reason: config and used}
  - {rule: %s, path: "%s/**", reason: config and stale}
  - {rule: %s, reason: "config, everywhere"}
`, f2.Rule, filepath.ToSlash(rel2), stale, setupOf(f2.File), f1.Rule))

	l = newStreamLinter(t, dir)
	rep := checkStream(t, l, dir)
	kinds := map[string]int{}
	var xa000 []string
	for _, f := range rep.Findings {
		if f.Suppressed != nil {
			kinds[f.Suppressed.Kind]++
		}
		if f.Rule == lint.SuppressionRule {
			xa000 = append(xa000, filepath.Base(f.File)+" "+f.Message)
		}
	}
	if kinds[lint.SuppressedInline] == 0 || kinds[lint.SuppressedByConfig] == 0 {
		t.Errorf("suppressed findings by kind = %v, want inline and config", kinds)
	}
	slices.Sort(xa000)
	want := []string{
		lint.DefaultConfigFile + fmt.Sprintf(" ignore entry for %s in %q matches no finding: remove it", stale, setupOf(f2.File)+"/**"),
		filepath.Base(f1.File) + fmt.Sprintf(" ignore entry for %s has no reason, so it does not apply: write {rule: %s, reason: \"why it does not apply\"}", f1.Rule+" in this template", f1.Rule),
		filepath.Base(f1.File) + fmt.Sprintf(" ignore entry for %s in this template matches no finding: remove it", stale),
	}
	slices.Sort(want)
	if d := cmp.Diff(want, xa000); d != "" {
		t.Errorf("XA000 findings (-want +got):\n%s", d)
	}
}
