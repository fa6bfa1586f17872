package lint

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseConfig(t *testing.T) {
	src := `# a comment
accounts:
  tools: "111111111111"
  prod: 022222222222   # unquoted, leading zero kept
documents:
  - {path: "tools*.yaml", account: tools}
  - path: "policies/**/*.json"
    account: "333333333333"
    role: DeployRole
    complete: true
    region: eu-west-1
rules:
  XA110: {severity: "off"}
  XA505:
    severity: warning
ignore:
  - {rule: XA505, path: "target*.yaml", reason: "never re-created"}
  - rule: XA504
policies:
  - rules/custom
`
	got, err := ParseConfig("conf/.xacct-lint.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:     "conf/.xacct-lint.yaml",
		Accounts: map[string]string{"tools": "111111111111", "prod": "022222222222"},
		Documents: []DocumentBinding{
			{Path: "tools*.yaml", Account: "tools"},
			{Path: "policies/**/*.json", Account: "333333333333", Role: "DeployRole", Complete: true, Region: "eu-west-1"},
		},
		Rules: map[string]RuleSetting{"XA110": {Severity: SeverityOff}, "XA505": {Severity: SeverityWarning}},
		Ignore: []Suppression{
			{Rule: "XA505", Path: "target*.yaml", Reason: "never re-created"},
			{Rule: "XA504"},
		},
		Policies: []string{"rules/custom"},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Config{}, DocumentBinding{}, Suppression{})); diff != "" {
		t.Errorf("ParseConfig mismatch (-want +got):\n%s", diff)
	}
}

func TestParseConfigEmpty(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "---\n", "null\n"} {
		cfg, err := ParseConfig("c.yaml", []byte(src))
		if err != nil {
			t.Errorf("ParseConfig(%q): %v", src, err)
			continue
		}
		if len(cfg.Accounts)+len(cfg.Documents)+len(cfg.Rules)+len(cfg.Ignore) != 0 {
			t.Errorf("ParseConfig(%q) = %+v, want empty", src, cfg)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown top key", "acounts: {}\n", `c.yaml:1:1: unknown key "acounts" (want accounts, documents, rules, ignore, policies or limits)`},
		{"top not a map", "- a\n", "c.yaml:1:1: configuration must be a mapping, not a list"},
		{"syntax", "accounts: {tools: \"1\"\n", "c.yaml:1:"},
		{"duplicate key", "accounts:\n  a: \"111111111111\"\n  a: \"222222222222\"\n", "c.yaml:3:3:"},
		{"short account id", "accounts:\n  tools: \"11111111111\"\n", `c.yaml:2:10: accounts.tools: "11111111111" is not a 12-digit account ID`},
		{"account id not a string", "accounts:\n  tools: [1]\n", "c.yaml:2:10: accounts.tools must be a string, not a list"},
		{"account name with =", "accounts:\n  \"a=b\": \"111111111111\"\n", `c.yaml:2:3: accounts: account name "a=b" must be non-empty, without spaces or '='`},
		{"documents not a list", "documents: {path: x}\n", "c.yaml:1:12: documents must be a list, not a mapping"},
		{"document unknown key", "documents:\n  - {path: a, acount: tools}\n", `c.yaml:2:15: documents[0]: unknown key "acount" (want path, account, role, region or complete)`},
		{"bad region", "documents:\n  - {path: a, account: \"111111111111\", region: Tokyo}\n", `c.yaml:2:48: documents[0].region: "Tokyo" is not an AWS region name`},
		{"bad complete", "documents:\n  - {path: a, account: \"111111111111\", complete: yes}\n", `c.yaml:2:50: documents[0].complete: "yes" is not true or false`},
		{"document without path", "documents:\n  - account: \"111111111111\"\n", "c.yaml:2:5: documents[0]: path is required"},
		{"document without account", "documents:\n  - path: a.yaml\n", "c.yaml:2:5: documents[0]: account is required"},
		{"document unknown account", "accounts: {tools: \"111111111111\"}\ndocuments:\n  - {path: a.yaml, account: prod}\n", `c.yaml:3:29: documents[0].account: "prod" is neither a 12-digit account ID nor a name under accounts (tools)`},
		{"bad glob", "documents:\n  - {path: \"a[.yaml\", account: \"111111111111\"}\n", `c.yaml:2:12: documents[0].path: bad glob "a[.yaml": syntax error in pattern`},
		{"rule severity", "rules:\n  XA110: {severity: fatal}\n", `c.yaml:2:21: rules.XA110.severity: "fatal" is not off, info, warning or error`},
		{"rule unknown key", "rules:\n  XA110: {level: info}\n", `c.yaml:2:11: rules.XA110: unknown key "level" (want severity)`},
		{"rule not a map", "rules:\n  XA110: info\n", "c.yaml:2:10: rules.XA110 must be a mapping, not a string"},
		{"ignore without rule", "ignore:\n  - {reason: x}\n", "c.yaml:2:5: ignore[0]: rule is required"},
		{"alias", "accounts:\n  a: &id \"111111111111\"\n  b: *id\n", "c.yaml:2:6: anchors are not supported"},
		{"tag", "accounts:\n  a: !Ref X\n", "c.yaml:2:6: tags are not supported"},
		{"two documents", "accounts: {}\n---\nrules: {}\n", "c.yaml:3:1: more than one YAML document"},
		{"policies entry", "policies:\n  - {dir: x}\n", "c.yaml:2:5: policies[0] must be a string, not a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("ParseConfig: want error %q", tt.want)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %v is %T, want *ConfigError", err, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ParseConfig error\n got: %s\nwant: %s", err, tt.want)
			}
			if ce != nil && ce.Line == 0 {
				t.Errorf("error %v has no position", err)
			}
		})
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, DefaultConfigFile)
	if err := os.WriteFile(p, []byte("accounts:\n  tools: 12\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadConfig(p)
	if err == nil || !strings.HasPrefix(err.Error(), p+":2:10: ") {
		t.Errorf("LoadConfig error = %v, want it positioned in %s", err, p)
	}
	if _, err := LoadConfig(filepath.Join(dir, "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadConfig(missing) = %v, want fs.ErrNotExist", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("#"+strings.Repeat("x", maxConfigSize)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("LoadConfig(big) = %v, want a size error", err)
	}
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		glob, name string
		want       bool
	}{
		{"tools*.yaml", "tools-account.yaml", true},
		{"tools*.yaml", "sub/tools.yaml", false},
		{"*.json", "a.json", true},
		{"**/*.json", "a.json", true},
		{"**/*.json", "a/b/c.json", true},
		{"policies/**/*.json", "policies/x.json", true},
		{"policies/**/*.json", "policies/a/b/x.json", true},
		{"policies/**/*.json", "other/x.json", false},
		{"policies/**", "policies/a/b", true},
		{"policies/**", "policies", true},
		{"**", "anything/at/all", true},
		{"a/**/**/b", "a/x/b", true},
		{"./target?.yaml", "target1.yaml", true},
		{"target?.yaml", "target10.yaml", false},
		{"[ab].yaml", "b.yaml", true},
		{"../shared/*.yaml", "../shared/x.yaml", true},
		{"*.yaml", "../x.yaml", false},
	}
	for _, tt := range tests {
		if got := matchGlob(tt.glob, tt.name); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.glob, tt.name, got, tt.want)
		}
	}
}

func TestBinding(t *testing.T) {
	cfg, err := ParseConfig("infra/.xacct-lint.yaml", []byte(`
accounts: {tools: "111111111111", prod: "222222222222"}
documents:
  - {path: "tools*.yaml", account: tools}
  - {path: "target/**", account: prod, role: DeployRole}
  - {path: "**/*.json", account: "333333333333"}
`))
	if err != nil {
		t.Fatal(err)
	}
	l := &Linter{config: cfg, bindings: newBindingIndex(cfg.Documents), accounts: map[string]string{"tools": "111111111111", "prod": "999999999999"}}
	tests := []struct{ file, account, role string }{
		{"infra/tools.yaml", "111111111111", ""},
		{"infra/./tools-a.yaml", "111111111111", ""},
		{"infra/target/a/policy.json", "999999999999", "DeployRole"}, // first match wins; --account overrides the config
		{"infra/other/policy.json", "333333333333", ""},
		{"tools.yaml", "", ""}, // outside the config's folder
		{"infra/notes.yaml", "", ""},
	}
	for _, tt := range tests {
		b, _ := l.binding(tt.file)
		if b.Account != tt.account || b.Role != tt.role {
			t.Errorf("binding(%q) = %q, %q; want %q, %q", tt.file, b.Account, b.Role, tt.account, tt.role)
		}
	}
}

func TestConfigPolicies(t *testing.T) {
	// policies are relative to the configuration file's folder.
	cfg, err := ParseConfig("testdata/.xacct-lint.yaml", []byte("policies: [rules]\n"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(WithoutBuiltinRules(), WithConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(l.Rules()); n != 4 {
		t.Errorf("rules from the configuration's policies: %d, want the 3 of testdata/rules and %s", n, SuppressionRule)
	}
}

func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"accounts: {tools: \"111111111111\"}\ndocuments:\n  - {path: \"**/*.yaml\", account: tools, role: R}\n",
		"rules:\n  XA110: {severity: off}\nignore:\n  - {rule: XA505, path: a, reason: b}\n",
		"a: &x [*x]\n", "- [", "{", "accounts: !!map {}", "policies: [a, b]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("c.yaml", data)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is %T, want *ConfigError", err, err)
			}
			return
		}
		for _, d := range cfg.Documents {
			matchGlob(d.Path, "a/b/c.yaml")
		}
	})
}

func TestPolicyDirOnce(t *testing.T) {
	// The same folder from the configuration and from WithPolicyDir, and
	// twice by different spellings, is loaded once (no "loaded twice").
	cfg, err := ParseConfig("testdata/.xacct-lint.yaml", []byte("policies: [rules, ./rules/]\n"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(WithoutBuiltinRules(), WithConfig(cfg), WithPolicyDir("testdata/rules"), WithPolicyDir("testdata/../testdata/rules"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(l.Rules()); n != 4 {
		t.Errorf("%d rules, want the 3 of testdata/rules and %s", n, SuppressionRule)
	}
}

func TestParseConfigLimits(t *testing.T) {
	tests := []struct {
		name, src string
		want      Limits
		wantErr   string
	}{
		{"all", "limits:\n  maxFileSize: 512KiB\n  maxNodes: 5\n  maxDepth: 6\n  maxDocuments: 7\n  maxStatements: 8\n  timeout: 90s\n",
			Limits{MaxFileSize: 512 << 10, MaxNodes: 5, MaxDepth: 6, MaxDocuments: 7, MaxStatements: 8, EvalTimeout: 90 * time.Second}, ""},
		{"bytes", "limits: {maxFileSize: 1000}\n", Limits{MaxFileSize: 1000}, ""},
		{"MB", "limits: {maxFileSize: 2MB}\n", Limits{MaxFileSize: 2_000_000}, ""},
		{"MiB", "limits: {maxFileSize: 4MiB}\n", Limits{MaxFileSize: 4 << 20}, ""},
		{"memory", "limits: {maxMemory: 256MiB}\n", Limits{MaxMemory: 256 << 20}, ""},
		{"bad memory", "limits:\n  maxMemory: lots\n", Limits{}, `c.yaml:2:14: limits.maxMemory: "lots" is not a size (a positive number of bytes, or with a unit: 512KiB, 4MiB, 1MB)`},
		{"bad size", "limits:\n  maxFileSize: 4 megs\n", Limits{}, `c.yaml:2:16: limits.maxFileSize: "4 megs" is not a size (a positive number of bytes, or with a unit: 512KiB, 4MiB, 1MB)`},
		{"zero size", "limits:\n  maxFileSize: 0\n", Limits{}, `c.yaml:2:16: limits.maxFileSize: "0" is not a size (a positive number of bytes, or with a unit: 512KiB, 4MiB, 1MB)`},
		{"negative depth", "limits:\n  maxDepth: -1\n", Limits{}, `c.yaml:2:13: limits.maxDepth: "-1" is not a positive whole number`},
		{"fraction", "limits:\n  maxNodes: 1.5\n", Limits{}, `c.yaml:2:13: limits.maxNodes: "1.5" is not a positive whole number`},
		{"bad timeout", "limits:\n  timeout: 5\n", Limits{}, `c.yaml:2:12: limits.timeout: "5" is not a positive duration (e.g. 30s, 5m)`},
		{"unknown key", "limits:\n  maxFiles: 3\n", Limits{}, `c.yaml:2:3: limits: unknown key "maxFiles" (want maxFileSize, maxNodes, maxDepth, maxDocuments, maxStatements, maxMemory or timeout)`},
		{"not a map", "limits: 5\n", Limits{}, "c.yaml:1:9: limits must be a mapping, not a number"},
		{"list value", "limits:\n  maxDepth: [1]\n", Limits{}, "c.yaml:2:13: limits.maxDepth must be a string, not a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig("c.yaml", []byte(tt.src))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Fatalf("err = %q, want %q", got, tt.wantErr)
			}
			if err == nil && cfg.Limits != tt.want {
				t.Errorf("Limits = %+v, want %+v", cfg.Limits, tt.want)
			}
		})
	}
}
