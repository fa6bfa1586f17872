package lint

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// DefaultConfigFile is the name of the configuration file the CLI looks for
// in the current folder.
const DefaultConfigFile = ".xacct-lint.yaml"

// maxConfigSize bounds the configuration file LoadConfig reads.
const maxConfigSize = 1 << 20

// Config is the content of a .xacct-lint.yaml file:
//
//	accounts:                       # names for account IDs
//	  tools: "111111111111"
//	  prod: "222222222222"
//	documents:                      # which account (and role) a file belongs to
//	  - {path: "tools*.yaml", account: tools}
//	  - {path: "policies/**/*.json", account: prod, role: DeployRole, complete: true}
//	  - {path: "eu/*.yaml", account: prod, region: eu-west-1}
//	rules:                          # severity per rule: off, info, warning, error
//	  XA110: {severity: off}
//	ignore:                         # suppressed findings, still shown as suppressed
//	  - {rule: XA505, path: "target*.yaml", reason: "role is never re-created"}
//	  - {rule: XA110, resource: LegacyKey, reason: "rotation handled by the key owner"}
//	  - {rule: XA204, path: "tools.yaml", pointer: /Resources/LogBucketPolicy, reason: "…"}
//	policies:                       # folders of extra Rego rules
//	  - rules/custom
//	limits:                         # bounds on untrusted input (see Limits)
//	  maxFileSize: 4MiB             # bytes, or with a unit: KiB, MiB, GiB, KB, MB, GB
//	  maxNodes: 200000
//	  maxDepth: 300
//	  maxDocuments: 500000
//	  maxStatements: 5000
//	  timeout: 5m                   # a Go duration
//
// Paths and globs are relative to the folder of the configuration file.
// A zero Config is valid and binds nothing.
type Config struct {
	// Path is the file the configuration was read from; "" when it was built
	// in code, in which case globs are relative to the current folder.
	Path string
	// Accounts maps account names to 12-digit account IDs.
	Accounts map[string]string
	// Documents bind files to accounts; the first entry whose glob matches
	// a file wins.
	Documents []DocumentBinding
	// Rules override rule severities, by rule ID.
	Rules map[string]RuleSetting
	// Ignore suppresses findings.
	Ignore []Suppression
	// Policies are folders of extra Rego rules, relative to the
	// configuration file's folder.
	Policies []string
	// Limits bound the work on untrusted files; zero fields take the
	// defaults, and the Linter's options (the CLI's flags) override them.
	Limits Limits

	// positions of keys, for errors found after parsing (an unknown rule ID).
	rulePos map[string]position
	// keyPos are the positions of the top-level keys.
	keyPos map[string]position
}

// DocumentBinding binds the files a glob matches to an account and,
// optionally, to the IAM role a bare policy file belongs to.
type DocumentBinding struct {
	// Path is a glob relative to the configuration file's folder; "*", "?"
	// and "[…]" match within one path segment, "**" matches any number of
	// segments.
	Path string
	// Account is an account name from Accounts or a 12-digit account ID.
	Account string
	// Role is the name of the role a bare policy document belongs to.
	Role string
	// Region is the region a template is deployed to ("" unknown).
	Region string
	// Complete says the documents bound to Role are everything attached
	// to the role, so that a permission none of them grants is missing
	// rather than unknown.
	Complete bool

	pos position
}

// RuleSetting is the configuration of one rule.
type RuleSetting struct {
	// Severity replaces the rule's severity; SeverityOff disables it.
	Severity Severity
}

// Suppression marks findings of a rule as suppressed.
type Suppression struct {
	// Rule is the rule ID.
	Rule string
	// Path is a glob, like DocumentBinding.Path; "" matches every file.
	Path string
	// Resource is a CloudFormation resource's logical ID; "" matches
	// findings anywhere.
	Resource string
	// Pointer is a JSON pointer ("/Resources/Key/Properties/KeyPolicy");
	// it matches findings at that node or inside it. "" matches anywhere.
	Pointer string
	// Reason says why the finding does not apply.
	Reason string

	pos position
	// from is the folder configuration file the entry comes from ("" for
	// the configuration itself), and written its Path as written there.
	from, written string
}

// position is a place in the configuration file.
type position struct {
	line, col int
}

// ConfigError is a problem in a configuration file, at a position.
type ConfigError struct {
	// Path is the configuration file.
	Path string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
	// Msg says what is wrong.
	Msg string
}

func (e *ConfigError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
}

// LoadConfig reads and parses the configuration file at path.
func LoadConfig(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("load config %s: %w", path, err)
	}
	if len(data) > maxConfigSize {
		return nil, &ConfigError{Path: path, Msg: fmt.Sprintf("file is larger than %d bytes", maxConfigSize)}
	}
	return ParseConfig(path, data)
}

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	regionPattern    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

// ParseConfig parses the content of a configuration file. path names the
// file in errors and anchors relative globs. Unknown keys, wrong types and
// bad values are errors of type *ConfigError with the line and column.
func ParseConfig(path string, data []byte) (*Config, error) {
	cfg := &Config{Path: path}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		var yerr yaml.Error
		if errors.As(err, &yerr) && yerr.GetToken() != nil {
			p := yerr.GetToken().Position
			return nil, &ConfigError{Path: path, Line: p.Line, Column: p.Column, Msg: yerr.GetMessage()}
		}
		return nil, &ConfigError{Path: path, Msg: err.Error()}
	}
	d := &decoder{path: path}
	var body ast.Node
	for _, doc := range file.Docs {
		if doc.Body == nil {
			continue
		}
		if body != nil {
			return nil, d.errorf(doc.Body, "more than one YAML document")
		}
		body = doc.Body
	}
	if body == nil || body.Type() == ast.NullType {
		return cfg, nil
	}
	if err := d.config(cfg, body); err != nil {
		return nil, err
	}
	return cfg, nil
}

// decoder walks the YAML AST of a configuration file.
type decoder struct {
	path string
}

func (d *decoder) errorf(n ast.Node, format string, args ...any) error {
	p := pos(n)
	return &ConfigError{Path: d.path, Line: p.line, Column: p.col, Msg: fmt.Sprintf(format, args...)}
}

// pos returns where a node starts: a block mapping at its first key, not at
// the ':' token goccy gives it.
func pos(n ast.Node) position {
	switch m := n.(type) {
	case nil:
		return position{}
	case *ast.MappingValueNode:
		if m.Key != nil {
			return pos(m.Key)
		}
	case *ast.MappingNode:
		if !m.IsFlowStyle && len(m.Values) > 0 {
			return pos(m.Values[0])
		}
	}
	tk := n.GetToken()
	if tk == nil {
		return position{}
	}
	return position{tk.Position.Line, tk.Position.Column}
}

// entry is one key of a mapping.
type entry struct {
	key   string
	keyN  ast.Node
	value ast.Node
}

// mapping returns the entries of a mapping node, rejecting anchors, aliases,
// merge keys, tags and duplicate or non-string keys.
func (d *decoder) mapping(n ast.Node, what string) ([]entry, error) {
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	case *ast.NullNode:
		return nil, nil
	default:
		if err := d.plain(n); err != nil {
			return nil, err
		}
		return nil, d.errorf(n, "%s must be a mapping, not %s", what, kindName(n))
	}
	seen := map[string]bool{}
	out := make([]entry, 0, len(values))
	for _, mv := range values {
		if mv.Key == nil {
			return nil, d.errorf(mv, "%s: missing key", what)
		}
		if mv.Key.Type() == ast.MergeKeyType {
			return nil, d.errorf(mv.Key, "merge keys (<<) are not supported")
		}
		k, err := d.scalar(mv.Key, what+" key")
		if err != nil {
			return nil, err
		}
		if seen[k] {
			return nil, d.errorf(mv.Key, "%s: duplicate key %q", what, k)
		}
		seen[k] = true
		out = append(out, entry{key: k, keyN: mv.Key, value: mv.Value})
	}
	return out, nil
}

// plain rejects anchors, aliases and tags, which a configuration file has
// no use for.
func (d *decoder) plain(n ast.Node) error {
	switch n.(type) {
	case *ast.AnchorNode:
		return d.errorf(n, "anchors are not supported")
	case *ast.AliasNode:
		return d.errorf(n, "aliases are not supported")
	case *ast.TagNode:
		return d.errorf(n, "tags are not supported")
	}
	return nil
}

func kindName(n ast.Node) string {
	switch n.Type() {
	case ast.MappingType, ast.MappingValueType:
		return "a mapping"
	case ast.SequenceType:
		return "a list"
	case ast.NullType:
		return "null"
	case ast.BoolType:
		return "a boolean"
	case ast.IntegerType, ast.FloatType, ast.InfinityType, ast.NanType:
		return "a number"
	default:
		return "a string"
	}
}

// scalar returns the text of a scalar node as written (so that an unquoted
// 012345678901 keeps its leading zero).
func (d *decoder) scalar(n ast.Node, what string) (string, error) {
	if n == nil {
		return "", d.errorf(n, "%s is missing", what)
	}
	if err := d.plain(n); err != nil {
		return "", err
	}
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, nil
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.LiteralNode:
		if v, ok := n.(*ast.LiteralNode); ok {
			return v.Value.Value, nil
		}
		return n.GetToken().Value, nil
	default:
		return "", d.errorf(n, "%s must be a string, not %s", what, kindName(n))
	}
}

func (d *decoder) sequence(n ast.Node, what string) ([]ast.Node, error) {
	switch s := n.(type) {
	case *ast.SequenceNode:
		return s.Values, nil
	case *ast.NullNode:
		return nil, nil
	default:
		if err := d.plain(n); err != nil {
			return nil, err
		}
		return nil, d.errorf(n, "%s must be a list, not %s", what, kindName(n))
	}
}

func (d *decoder) config(cfg *Config, n ast.Node) error {
	entries, err := d.mapping(n, "configuration")
	if err != nil {
		return err
	}
	// accounts first: documents refer to them.
	for _, e := range entries {
		if e.key == "accounts" {
			if err := d.accounts(cfg, e.value); err != nil {
				return err
			}
		}
	}
	cfg.keyPos = make(map[string]position, len(entries))
	for _, e := range entries {
		cfg.keyPos[e.key] = pos(e.keyN)
		switch e.key {
		case "accounts":
		case "documents":
			err = d.documents(cfg, e.value)
		case "rules":
			err = d.rules(cfg, e.value)
		case "ignore":
			err = d.ignore(cfg, e.value)
		case "policies":
			err = d.policies(cfg, e.value)
		case "limits":
			err = d.limits(cfg, e.value)
		default:
			err = d.errorf(e.keyN, "unknown key %q (want accounts, documents, rules, ignore, policies or limits)", e.key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) accounts(cfg *Config, n ast.Node) error {
	entries, err := d.mapping(n, "accounts")
	if err != nil {
		return err
	}
	cfg.Accounts = make(map[string]string, len(entries))
	for _, e := range entries {
		if err := checkAccountName(e.key); err != nil {
			return d.errorf(e.keyN, "accounts: %v", err)
		}
		id, err := d.scalar(e.value, "accounts."+e.key)
		if err != nil {
			return err
		}
		if !accountIDPattern.MatchString(id) {
			return d.errorf(e.value, "accounts.%s: %q is not a 12-digit account ID", e.key, id)
		}
		cfg.Accounts[e.key] = id
	}
	return nil
}

func checkAccountName(name string) error {
	if name == "" || strings.ContainsAny(name, "= \t") {
		return fmt.Errorf("account name %q must be non-empty, without spaces or '='", name)
	}
	return nil
}

func (d *decoder) documents(cfg *Config, n ast.Node) error {
	items, err := d.sequence(n, "documents")
	if err != nil {
		return err
	}
	for i, it := range items {
		what := fmt.Sprintf("documents[%d]", i)
		entries, err := d.mapping(it, what)
		if err != nil {
			return err
		}
		b := DocumentBinding{pos: pos(it)}
		var accountN ast.Node
		for _, e := range entries {
			var v string
			if v, err = d.scalar(e.value, what+"."+e.key); err != nil {
				return err
			}
			switch e.key {
			case "path":
				if err := checkGlob(v); err != nil {
					return d.errorf(e.value, "%s.path: %v", what, err)
				}
				b.Path = v
			case "account":
				b.Account, accountN = v, e.value
			case "role":
				if v == "" {
					return d.errorf(e.value, "%s.role must not be empty", what)
				}
				b.Role = v
			case "region":
				if !regionPattern.MatchString(v) {
					return d.errorf(e.value, "%s.region: %q is not an AWS region name", what, v)
				}
				b.Region = v
			case "complete":
				switch v {
				case "true":
					b.Complete = true
				case "false":
				default:
					return d.errorf(e.value, "%s.complete: %q is not true or false", what, v)
				}
			default:
				return d.errorf(e.keyN, "%s: unknown key %q (want path, account, role, region or complete)", what, e.key)
			}
		}
		if b.Path == "" {
			return d.errorf(it, "%s: path is required", what)
		}
		if b.Account == "" {
			return d.errorf(it, "%s: account is required", what)
		}
		if _, err := resolveAccount(cfg.Accounts, b.Account); err != nil {
			return d.errorf(accountN, "%s.account: %v", what, err)
		}
		cfg.Documents = append(cfg.Documents, b)
	}
	return nil
}

// resolveAccount returns the ID of an account name or ID.
func resolveAccount(accounts map[string]string, nameOrID string) (string, error) {
	if id, ok := accounts[nameOrID]; ok {
		return id, nil
	}
	if accountIDPattern.MatchString(nameOrID) {
		return nameOrID, nil
	}
	names := make([]string, 0, len(accounts))
	for n := range accounts {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "", fmt.Errorf("%q is neither a 12-digit account ID nor a name under accounts (none defined)", nameOrID)
	}
	return "", fmt.Errorf("%q is neither a 12-digit account ID nor a name under accounts (%s)", nameOrID, strings.Join(names, ", "))
}

func (d *decoder) rules(cfg *Config, n ast.Node) error {
	entries, err := d.mapping(n, "rules")
	if err != nil {
		return err
	}
	cfg.Rules = make(map[string]RuleSetting, len(entries))
	cfg.rulePos = make(map[string]position, len(entries))
	for _, e := range entries {
		what := "rules." + e.key
		settings, err := d.mapping(e.value, what)
		if err != nil {
			return err
		}
		var rs RuleSetting
		for _, s := range settings {
			switch s.key {
			case "severity":
				v, err := d.scalar(s.value, what+".severity")
				if err != nil {
					return err
				}
				sev := Severity(v)
				if sev != SeverityOff && sev.rank() == 0 {
					return d.errorf(s.value, "%s.severity: %q is not off, info, warning or error", what, v)
				}
				rs.Severity = sev
			default:
				return d.errorf(s.keyN, "%s: unknown key %q (want severity)", what, s.key)
			}
		}
		cfg.Rules[e.key] = rs
		cfg.rulePos[e.key] = pos(e.keyN)
	}
	return nil
}

func (d *decoder) ignore(cfg *Config, n ast.Node) error {
	items, err := d.sequence(n, "ignore")
	if err != nil {
		return err
	}
	for i, it := range items {
		what := fmt.Sprintf("ignore[%d]", i)
		entries, err := d.mapping(it, what)
		if err != nil {
			return err
		}
		s := Suppression{pos: pos(it)}
		for _, e := range entries {
			v, err := d.scalar(e.value, what+"."+e.key)
			if err != nil {
				return err
			}
			switch e.key {
			case "rule":
				s.Rule = v
				s.pos = pos(e.value)
			case "path":
				if err := checkGlob(v); err != nil {
					return d.errorf(e.value, "%s.path: %v", what, err)
				}
				s.Path = v
			case "resource":
				if v == "" {
					return d.errorf(e.value, "%s.resource must not be empty", what)
				}
				s.Resource = v
			case "pointer":
				if !strings.HasPrefix(v, "/") {
					return d.errorf(e.value, "%s.pointer: %q is not a JSON pointer (it starts with /, e.g. /Resources/Key)", what, v)
				}
				s.Pointer = v
			case "reason":
				s.Reason = v
			default:
				return d.errorf(e.keyN, "%s: unknown key %q (want rule, path, resource, pointer or reason)", what, e.key)
			}
		}
		if s.Rule == "" {
			return d.errorf(it, "%s: rule is required", what)
		}
		cfg.Ignore = append(cfg.Ignore, s)
	}
	return nil
}

func (d *decoder) policies(cfg *Config, n ast.Node) error {
	items, err := d.sequence(n, "policies")
	if err != nil {
		return err
	}
	for i, it := range items {
		v, err := d.scalar(it, fmt.Sprintf("policies[%d]", i))
		if err != nil {
			return err
		}
		if v == "" {
			return d.errorf(it, "policies[%d] must not be empty", i)
		}
		cfg.Policies = append(cfg.Policies, v)
	}
	return nil
}

func (d *decoder) limits(cfg *Config, n ast.Node) error {
	entries, err := d.mapping(n, "limits")
	if err != nil {
		return err
	}
	for _, e := range entries {
		what := "limits." + e.key
		v, err := d.scalar(e.value, what)
		if err != nil {
			return err
		}
		switch e.key {
		case "maxFileSize", "maxMemory":
			size, err := ParseSize(v)
			if err != nil {
				return d.errorf(e.value, "%s: %v", what, err)
			}
			if e.key == "maxMemory" {
				cfg.Limits.MaxMemory = size
			} else {
				cfg.Limits.MaxFileSize = size
			}
		case "maxNodes", "maxDepth", "maxDocuments", "maxStatements":
			i, err := strconv.Atoi(v)
			if err != nil || i <= 0 {
				return d.errorf(e.value, "%s: %q is not a positive whole number", what, v)
			}
			switch e.key {
			case "maxNodes":
				cfg.Limits.MaxNodes = i
			case "maxDepth":
				cfg.Limits.MaxDepth = i
			case "maxDocuments":
				cfg.Limits.MaxDocuments = i
			case "maxStatements":
				cfg.Limits.MaxStatements = i
			}
		case "timeout":
			dur, err := time.ParseDuration(v)
			if err != nil || dur <= 0 {
				return d.errorf(e.value, "%s: %q is not a positive duration (e.g. 30s, 5m)", what, v)
			}
			cfg.Limits.EvalTimeout = dur
		default:
			return d.errorf(e.keyN, "limits: unknown key %q (want maxFileSize, maxNodes, maxDepth, maxDocuments, maxStatements, maxMemory or timeout)", e.key)
		}
	}
	return nil
}

// ParseSize reads a size in bytes: a whole number, optionally followed by
// a unit, B, KiB, MiB, GiB (powers of 1024) or KB, MB, GB (powers of
// 1000), e.g. "4MiB", "512KiB", "1048576". It must be positive.
func ParseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
	}
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if strings.HasSuffix(num, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%q is not a size (a positive number of bytes, or with a unit: 512KiB, 4MiB, 1MB)", s)
	}
	return n * mult, nil
}

// checkRules reports rule IDs in the configuration that the linter does not
// know, at their position.
func (c *Config) checkRules(known func(id string) bool) error {
	var ids []string
	for id := range c.Rules {
		ids = append(ids, id)
	}
	for _, s := range c.Ignore {
		ids = append(ids, s.Rule)
	}
	sort.Strings(ids)
	for _, id := range slices.Compact(ids) {
		if known(id) {
			continue
		}
		e := &ConfigError{Path: c.Path, Msg: fmt.Sprintf("unknown rule %q", id)}
		if p, ok := c.rulePos[id]; ok {
			e.Line, e.Column = p.line, p.col
		} else {
			for _, s := range c.Ignore {
				if s.Rule == id {
					e.Line, e.Column = s.pos.line, s.pos.col
					break
				}
			}
		}
		if e.Path == "" {
			e.Path = "configuration"
		}
		return e
	}
	return nil
}

// dir is the folder globs are relative to.
func (c *Config) dir() string {
	if c == nil || c.Path == "" {
		return "."
	}
	return filepath.Dir(c.Path)
}

// relPath returns file relative to the configuration's folder, with slashes,
// or false when that cannot be computed.
func (c *Config) relPath(file string) (string, bool) {
	base, err := filepath.Abs(c.dir())
	if err != nil {
		return "", false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// checkGlob validates a glob.
func checkGlob(g string) error {
	if g == "" {
		return errors.New("empty glob")
	}
	for _, seg := range strings.Split(g, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("bad glob %q: %w", g, err)
		}
	}
	return nil
}

// matchGlob reports whether the slash-separated name matches the glob.
// Segments match with path.Match; a "**" segment matches zero or more
// segments. A leading "./" in the glob is ignored.
func matchGlob(glob, name string) bool {
	glob = strings.TrimPrefix(glob, "./")
	return matchSegments(strings.Split(glob, "/"), strings.Split(name, "/"))
}

func matchSegments(glob, name []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			// Collapse repeated ** and try every split.
			for len(glob) > 1 && glob[1] == "**" {
				glob = glob[1:]
			}
			for i := 0; i <= len(name); i++ {
				if matchSegments(glob[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(glob[0], name[0]); err != nil || !ok {
			return false
		}
		glob, name = glob[1:], name[1:]
	}
	return len(name) == 0
}
