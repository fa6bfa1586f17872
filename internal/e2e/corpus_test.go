package e2e

import (
	"context"
	"testing"
)

// TestGoodSetupsLintClean lints every known-good setup and the generated
// examples, each from its folder with its .xacct-lint.yaml, and expects no
// error and no warning. It also lints each setup's documents in memory, as
// the mutation test does, to show that both paths see the same setup.
func TestGoodSetupsLintClean(t *testing.T) {
	ctx := context.Background()
	for _, s := range goodSetups {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			dir, _ := setupDir(t, s.name)
			ld := loadSetup(ctx, t, dir)
			l := newLinter(t, ld.cfgPath, ld.cfgData)
			rep, err := l.Lint(ctx, ld.dir)
			if err != nil {
				t.Fatal(err)
			}
			if bad := severe(rep); len(bad) > 0 {
				t.Errorf("%s: %d errors and warnings on a good setup:%s", ld.dir, len(bad), formatFindings(bad))
			}
			mem, err := l.LintDocuments(ctx, documents(ld.paths, ld.files)...)
			if err != nil {
				t.Fatal(err)
			}
			if bad := severe(mem); len(bad) > 0 {
				t.Errorf("%s in memory: %d errors and warnings on a good setup:%s", ld.dir, len(bad), formatFindings(bad))
			}
			if len(mem.Findings) != len(rep.Findings) {
				t.Errorf("%s: %d findings linting the folder, %d linting its documents in memory", ld.dir, len(rep.Findings), len(mem.Findings))
			}
			if info := ruleSet(rep, "info"); len(info) > 0 {
				t.Logf("%s: info findings: %v", s.name, info)
			}
		})
	}
}
