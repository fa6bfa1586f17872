package trace_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xacct-lint/xacct-lint/pkg/lint"
	"github.com/xacct-lint/xacct-lint/pkg/trace"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const repo = "../.."

// linterFor returns a Linter with the configuration of dir, if it has one.
func linterFor(t *testing.T, dir string) *lint.Linter {
	t.Helper()
	var opts []lint.Option
	if cfg, err := lint.LoadConfig(filepath.Join(dir, lint.DefaultConfigFile)); err == nil {
		opts = append(opts, lint.WithConfig(cfg))
	} else if !os.IsNotExist(err) && !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("load config of %s: %v", dir, err)
	}
	l, err := lint.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func traceDir(t *testing.T, dir string) *trace.Report {
	t.Helper()
	rep, err := linterFor(t, dir).Trace(context.Background(), dir)
	if err != nil {
		t.Fatalf("trace %s: %v", dir, err)
	}
	return rep
}

// TestKnownGood: no hop of a working setup is denied. The hops whose
// policies are all in the documents are allowed; a hop may be unknown only
// because of a symbolic value (a task role outside the documents, an ARN
// the template computes), which its reasons name.
func TestKnownGood(t *testing.T) {
	dirs := []string{
		"examples/known-good/article-fixed",
		"examples/known-good/cdk-style",
		"examples/known-good/cross-region/generated",
		"examples/known-good/two-targets/generated",
		"examples/article/generated",
		// The article as published works (its mistakes are warnings).
		"examples/article-as-published",
	}
	for _, d := range dirs {
		t.Run(d, func(t *testing.T) {
			dir := filepath.Join(repo, d)
			rep := traceDir(t, dir)
			if len(rep.Actions) == 0 {
				t.Fatal("no cross-account action traced")
			}
			if rep.Denied() {
				t.Errorf("a hop is denied:\n%s", text(t, rep))
			}
			for _, a := range rep.Actions {
				for _, h := range a.Hops {
					if len(h.Because) == 0 {
						t.Errorf("%s %s: no reason given", a.Name(), h.Hop)
					}
					switch h.Hop {
					case trace.HopAssumeRole, trace.HopReadArtifacts:
						if h.Verdict != trace.Allowed {
							t.Errorf("%s %s: %s, want allowed", a.Name(), h.Hop, h.Verdict)
						}
					}
					if h.Verdict == trace.Unknown && !slices.ContainsFunc(h.Because, func(b trace.Because) bool {
						return strings.Contains(b.Message, "${") && strings.Contains(b.Message, "may allow")
					}) {
						t.Errorf("%s %s: unknown without a symbolic value in its reasons: %+v", a.Name(), h.Hop, h.Because)
					}
				}
			}
			// The lint rules agree: no error finding.
			lrep, err := linterFor(t, dir).Lint(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range lrep.Findings {
				if f.Severity == lint.SeverityError && f.Suppressed == nil {
					t.Errorf("lint finds %s: %s", f.Rule, f.Message)
				}
			}
		})
	}
}

// TestMutations breaks one grant of the known-good article setup at a time:
// exactly the hop it breaks is denied, naming the rule that lint reports,
// and lint reports it.
func TestMutations(t *testing.T) {
	article := filepath.Join(repo, "examples/known-good/article-fixed")
	twoTargets := filepath.Join(repo, "examples/known-good/two-targets/generated")
	tests := []struct {
		name string
		// src is the setup to copy (article-fixed when empty), without
		// its folder drop (a duplicate of documents the edit changes).
		src, drop string
		file      string
		// after, when set, is text before old: old is replaced at its
		// first occurrence after it.
		after, old, new string
		// hop is the one hop that must be denied ("" none), unknown one
		// that must be unknown.
		hop, unknown string
		rule         string
		// stage is the stage of the broken action ("Deploy" when empty).
		stage string
	}{
		{
			name: "trust names another role", file: "target-account.yaml",
			old: "aws:PrincipalArn: arn:aws:iam::111111111111:role/cross-pipeline-role",
			new: "aws:PrincipalArn: arn:aws:iam::111111111111:role/some-other-role",
			hop: trace.HopAssumeRole, rule: "XA501",
		},
		{
			// The pipeline role has attached policies outside the
			// documents (its .xacct-lint.yaml binding is incomplete): the
			// trace cannot deny, and lint stays silent too.
			name: "pipeline role policy file may not assume", file: "pipeline-role-policy.json",
			old: `"Action": "sts:AssumeRole"`, new: `"Action": "sts:TagSession"`,
			unknown: trace.HopAssumeRole, rule: "XA401",
		},
		{
			name: "action role reads another bucket", file: "target-account.yaml",
			old: `"Resource": "arn:aws:s3:::artifact-bucket/*"`, new: `"Resource": "arn:aws:s3:::other-bucket/*"`,
			hop: trace.HopReadArtifacts, rule: "XA601",
		},
		{
			name: "action role may not create deployments", file: "target-account.yaml",
			old: "\"codedeploy:CreateDeployment\",\n", new: "",
			hop: trace.HopDeployCalls, rule: "XA603",
		},
		{
			name: "task roles passed to the wrong service", file: "target-account.yaml",
			old: `{"iam:PassedToService": "ecs-tasks.amazonaws.com"}`, new: `{"iam:PassedToService": "lambda.amazonaws.com"}`,
			hop: trace.HopPassRole, rule: "XA605",
		},
		{
			name: "bucket policy grants another account", file: "tools-account.yaml",
			old: "              - 's3:GetObjectVersion'\n            Principal:\n              AWS: 'arn:aws:iam::222222222222:root'",
			new: "              - 's3:GetObjectVersion'\n            Principal:\n              AWS: 'arn:aws:iam::333333333333:root'",
			hop: trace.HopReadArtifacts, rule: "XA201",
		},
		{
			name: "action role may not decrypt", file: "target-account.yaml",
			old: `"Action": ["kms:DescribeKey", "kms:Decrypt"]`, new: `"Action": ["kms:DescribeKey"]`,
			hop: trace.HopDecryptArtifacts, rule: "XA602",
		},
		{
			name: "key policy forgets account B", file: "tools-account.yaml",
			after: `"Sid" : "Allow use of the key"`,
			old:   `"arn:aws:iam::222222222222:root"`, new: `"arn:aws:iam::333333333333:root"`,
			hop: trace.HopDecryptArtifacts, rule: "XA103",
		},
		{
			name: "prod role may not write outputs", src: twoTargets, drop: "policies", file: "target-prod.yaml",
			old: "                  - s3:GetObjectVersion\n                  - s3:PutObject\n", new: "                  - s3:GetObjectVersion\n",
			stage: "Deploy-prod", hop: trace.HopWriteArtifacts, rule: "XA209",
		},
		{
			name: "prod role may not encrypt outputs", src: twoTargets, drop: "policies", file: "target-prod.yaml",
			old: "                  - kms:Encrypt\n                  - kms:GenerateDataKey*\n", new: "                  - kms:Encrypt\n",
			stage: "Deploy-prod", hop: trace.HopEncryptArtifacts, rule: "XA602",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := orDefault(tc.src, article)
			if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			if tc.drop != "" {
				if err := os.RemoveAll(filepath.Join(dir, tc.drop)); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			head, tail := "", string(data)
			if tc.after != "" {
				i := strings.Index(tail, tc.after)
				if i < 0 || strings.Count(tail, tc.after) != 1 {
					t.Fatalf("%q does not occur once in %s", tc.after, tc.file)
				}
				head, tail = tail[:i], tail[i:]
			} else if n := strings.Count(tail, tc.old); n != 1 {
				t.Fatalf("%q occurs %d times in %s, want once", tc.old, n, tc.file)
			}
			if !strings.Contains(tail, tc.old) {
				t.Fatalf("%q does not occur in %s", tc.old, tc.file)
			}
			if err := os.WriteFile(path, []byte(head+strings.Replace(tail, tc.old, tc.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			rep := traceDir(t, dir)
			stage := orDefault(tc.stage, "Deploy")
			broken := slices.IndexFunc(rep.Actions, func(a trace.Action) bool { return a.Stage == stage })
			if broken < 0 {
				t.Fatalf("no action in stage %s traced", stage)
			}
			var denied []string
			for _, a := range rep.Actions {
				for _, h := range a.Hops {
					if h.Verdict == trace.Denied {
						denied = append(denied, a.Stage+" "+h.Hop)
					}
				}
			}
			for _, h := range rep.Actions[broken].Hops {
				if h.Verdict != trace.Denied {
					continue
				}
				if !slices.Contains(h.Rules, tc.rule) {
					t.Errorf("hop %s names rules %v, want %s", h.Hop, h.Rules, tc.rule)
				}
				for _, b := range h.Because {
					if b.Rule == tc.rule && (b.File == "" || b.Line == 0) {
						t.Errorf("reason without a position: %+v", b)
					}
				}
			}
			var want []string
			if tc.hop != "" {
				want = []string{stage + " " + tc.hop}
			}
			if diff := cmp.Diff(want, denied); diff != "" {
				t.Errorf("denied hops (-want +got):\n%s\n%s", diff, text(t, rep))
			}
			if tc.unknown != "" {
				hops := rep.Actions[broken].Hops
				i := slices.IndexFunc(hops, func(h trace.Hop) bool { return h.Hop == tc.unknown })
				if i < 0 || hops[i].Verdict != trace.Unknown {
					t.Errorf("hop %s is not unknown:\n%s", tc.unknown, text(t, rep))
				}
			}
			// Agreement: lint reports the rule of a denied hop, and not
			// the rule of an unknown one.
			lrep, err := linterFor(t, dir).Lint(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			reported := slices.ContainsFunc(lrep.Findings, func(f lint.Finding) bool { return f.Rule == tc.rule && f.Suppressed == nil })
			if reported != (tc.hop != "") {
				t.Errorf("lint reports %s: %v; trace denies %q", tc.rule, reported, tc.hop)
			}
		})
	}
}

func text(t *testing.T, rep *trace.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := trace.WriteText(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGolden checks the three formats on the article's generated setup.
func TestGolden(t *testing.T) {
	rep := traceDir(t, filepath.Join(repo, "examples/article/generated"))
	for _, format := range trace.Formats() {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := trace.Write(&b, rep, format); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "article."+format+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s output (-want +got):\n%s", format, diff)
			}
		})
	}
	if err := trace.Write(&bytes.Buffer{}, rep, "yaml"); err == nil {
		t.Error("unknown format: no error")
	}
}

func TestDisplay(t *testing.T) {
	tests := map[string]string{
		"arn:aws:kms:eu-west-1:1:key/{{?a/b.json#Key01}}": "arn:aws:kms:eu-west-1:1:key/${Key01}",
		"{{?task-role}}":  "${task-role}",
		"plain":           "plain",
		"{{?x}}/{{?f#y}}": "${x}/${y}",
	}
	for in, want := range tests {
		if got := trace.Display(in); got != want {
			t.Errorf("Display(%q) = %q, want %q", in, got, want)
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
