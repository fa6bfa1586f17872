package facts

import (
	"maps"
	"slices"
	"strings"
)

// Units splits the input into units of linked documents: groups of files
// whose facts refer to each other, by id (a pipeline's role, artifact
// bucket and key; a role's trust and attached policies; a bucket's or key's
// policy) or by a literal identifier one file declares and another names
// (a role, key or bucket ARN, a bucket or role name, a key id or alias, a
// pipeline or project name, in a statement, a pipeline field or a checked
// value). Rules only ever join facts along those links, so evaluating each
// unit alone gives the findings of evaluating the whole input, and units
// can be evaluated independently and in parallel.
//
// Facts shared by every user — the AWS managed policies — are copied into
// each unit that attaches them instead of linking those units. Errors of
// files that are not documents form units of their own.
//
// Each unit keeps the order of the input's slices. Units come in the order
// of their first file in the input.
func (in *Input) Units() []*Input {
	p := newPartition(in)
	p.link()
	return p.build()
}

// partition is the union-find over files behind Units.
type partition struct {
	in     *Input
	node   map[string]int // file path → node
	parent []int
	// floating are ids of facts that belong to no file's unit but are
	// copied into the units that refer to them (managed policies).
	floating map[string]bool
	// home maps a fact id (policy, role, key, bucket) to its file.
	home map[string]string
	// uses are, per floating policy id, the files that refer to it.
	uses map[string][]string
}

func newPartition(in *Input) *partition {
	p := &partition{
		in:       in,
		node:     map[string]int{},
		floating: map[string]bool{},
		home:     map[string]string{},
		uses:     map[string][]string{},
	}
	for _, f := range in.Files {
		p.id(f.Path)
	}
	for _, x := range in.Policies {
		if x.Managed != "" {
			p.floating[x.ID] = true
			continue
		}
		p.home[x.ID] = x.Loc.File
	}
	for _, x := range in.Roles {
		p.home[x.ID] = x.Loc.File
	}
	for _, x := range in.Keys {
		p.home[x.ID] = x.Loc.File
	}
	for _, x := range in.Buckets {
		p.home[x.ID] = x.Loc.File
	}
	return p
}

// id returns the node of a file, adding it on first sight.
func (p *partition) id(file string) int {
	if n, ok := p.node[file]; ok {
		return n
	}
	n := len(p.parent)
	p.node[file] = n
	p.parent = append(p.parent, n)
	return n
}

func (p *partition) find(n int) int {
	for p.parent[n] != n {
		p.parent[n] = p.parent[p.parent[n]]
		n = p.parent[n]
	}
	return n
}

func (p *partition) union(a, b string) {
	ra, rb := p.find(p.id(a)), p.find(p.id(b))
	if ra == rb {
		return
	}
	// The smaller node stays root: units then keep the order of their
	// first file.
	if rb < ra {
		ra, rb = rb, ra
	}
	p.parent[rb] = ra
}

// ref records that a fact in file refers to the fact with the given id.
func (p *partition) ref(file, id string) {
	if id == "" {
		return
	}
	if p.floating[id] {
		p.uses[id] = append(p.uses[id], file)
		return
	}
	if h, ok := p.home[id]; ok {
		p.union(file, h)
	}
}

// link unions the files whose facts refer to each other.
func (p *partition) link() {
	in := p.in
	for _, r := range in.Roles {
		f := r.Loc.File
		p.ref(f, r.Trust)
		for _, id := range r.Policies {
			p.ref(f, id)
		}
		for _, m := range r.ManagedPolicies {
			p.ref(f, m.Policy)
		}
	}
	for _, k := range in.Keys {
		p.ref(k.Loc.File, k.Policy)
	}
	for _, b := range in.Buckets {
		for _, id := range b.Policies {
			p.ref(b.Loc.File, id)
		}
	}
	for _, pl := range in.Pipelines {
		f := pl.Loc.File
		p.ref(f, pl.Role)
		for _, st := range pl.ArtifactStores {
			p.ref(f, st.Bucket)
			p.ref(f, st.Key)
		}
		for _, s := range pl.Stages {
			for _, a := range s.Actions {
				p.ref(f, a.Role)
			}
		}
	}
	for _, x := range in.Policies {
		// A policy attached from another file is linked through the
		// role; its owner may name another fact too.
		if x.Managed == "" {
			p.ref(x.Loc.File, x.Owner)
		}
	}
	p.linkNames()
}

// linkNames unions a file that names a literal identifier with the file
// that declares it.
func (p *partition) linkNames() {
	in := p.in
	declared := map[string]string{} // identifier → declaring file
	declare := func(file string, ids ...string) {
		for _, s := range ids {
			if s == "" || strings.Contains(s, UnknownOpen) {
				continue
			}
			if other, ok := declared[s]; ok {
				p.union(file, other)
				continue
			}
			declared[s] = file
		}
	}
	for _, r := range in.Roles {
		declare(r.Loc.File, r.Arn, r.Name)
	}
	for _, k := range in.Keys {
		declare(k.Loc.File, k.Arn, k.KeyID)
		declare(k.Loc.File, k.Aliases...)
	}
	for _, b := range in.Buckets {
		declare(b.Loc.File, b.Arn, b.Name)
	}
	for _, pl := range in.Pipelines {
		declare(pl.Loc.File, pl.Name)
	}
	for _, pr := range in.Projects {
		declare(pr.Loc.File, pr.Name)
	}
	if len(declared) == 0 {
		return
	}
	name := func(file, s string) {
		if s == "" {
			return
		}
		if d, ok := declared[s]; ok {
			p.union(file, d)
		}
		// An object ARN names its bucket: arn:aws:s3:::bucket/key.
		if strings.HasPrefix(s, "arn:") && strings.Contains(s, ":s3:::") {
			if i := strings.IndexByte(s, '/'); i > 0 {
				if d, ok := declared[s[:i]]; ok {
					p.union(file, d)
				}
			}
		}
		// An alias ARN names its alias: arn:aws:kms:r:a:alias/name.
		if i := strings.Index(s, ":alias/"); i > 0 {
			if d, ok := declared[s[i+1:]]; ok {
				p.union(file, d)
			}
		}
	}
	names := func(file string, ss []string) {
		for _, s := range ss {
			name(file, s)
		}
	}
	for _, s := range in.Statements {
		f := s.Loc.File
		for _, pr := range s.Principals {
			name(f, pr.Value)
		}
		for _, pr := range s.NotPrincipals {
			name(f, pr.Value)
		}
		names(f, s.Resources)
		names(f, s.NotResources)
		for _, c := range s.Conditions {
			names(f, c.Values)
		}
	}
	for _, pl := range in.Pipelines {
		f := pl.Loc.File
		name(f, pl.RoleArn)
		name(f, pl.Name)
		for _, st := range pl.ArtifactStores {
			name(f, st.Location)
			if st.EncryptionKey != nil {
				name(f, st.EncryptionKey.ID)
			}
		}
		for _, s := range pl.Stages {
			for _, a := range s.Actions {
				name(f, a.RoleArn)
				for _, k := range slices.Sorted(maps.Keys(a.Configuration)) {
					name(f, a.Configuration[k])
				}
			}
		}
	}
	for _, b := range in.Buckets {
		name(b.Loc.File, b.KMSKey)
	}
	for _, pr := range in.Projects {
		name(pr.Loc.File, pr.EncryptionKey)
	}
	for _, r := range in.Roles {
		for _, m := range r.ManagedPolicies {
			name(r.Loc.File, m.Arn)
		}
	}
	for _, v := range in.Values {
		name(v.Loc.File, v.Value)
	}
}

// build makes one Input per unit.
func (p *partition) build() []*Input {
	in := p.in
	unitOf := map[int]*Input{} // root node → unit
	var units []*Input
	unit := func(file string) *Input {
		r := p.find(p.id(file))
		u, ok := unitOf[r]
		if !ok {
			u = &Input{Version: in.Version}
			unitOf[r] = u
			units = append(units, u)
		}
		return u
	}
	// Visit the files first so that units come in file order.
	for _, f := range in.Files {
		u := unit(f.Path)
		u.Files = append(u.Files, f)
	}
	// Where each floating policy goes: every unit that refers to it.
	floatIn := map[string][]*Input{}
	for _, id := range slices.Sorted(maps.Keys(p.uses)) {
		for _, f := range p.uses[id] {
			u := unit(f)
			if !slices.Contains(floatIn[id], u) {
				floatIn[id] = append(floatIn[id], u)
			}
		}
	}
	policyUnits := func(x *Policy) []*Input {
		if x.Managed != "" {
			if us, ok := floatIn[x.ID]; ok {
				return us
			}
		}
		return []*Input{unit(x.Loc.File)}
	}
	stmtUnits := map[string][]*Input{}
	for i := range in.Policies {
		x := &in.Policies[i]
		us := policyUnits(x)
		for _, u := range us {
			u.Policies = append(u.Policies, *x)
		}
		for _, sid := range x.Statements {
			stmtUnits[sid] = us
		}
	}
	for _, s := range in.Statements {
		us, ok := stmtUnits[s.ID]
		if !ok {
			us = []*Input{unit(s.Loc.File)}
		}
		for _, u := range us {
			u.Statements = append(u.Statements, s)
		}
	}
	for _, x := range in.Roles {
		u := unit(x.Loc.File)
		u.Roles = append(u.Roles, x)
	}
	for _, x := range in.Keys {
		u := unit(x.Loc.File)
		u.Keys = append(u.Keys, x)
	}
	for _, x := range in.Buckets {
		u := unit(x.Loc.File)
		u.Buckets = append(u.Buckets, x)
	}
	for _, x := range in.Pipelines {
		u := unit(x.Loc.File)
		u.Pipelines = append(u.Pipelines, x)
	}
	for _, x := range in.Projects {
		u := unit(x.Loc.File)
		u.Projects = append(u.Projects, x)
	}
	for _, x := range in.Values {
		u := unit(x.Loc.File)
		u.Values = append(u.Values, x)
	}
	for _, x := range in.Unresolved {
		u := unit(x.Loc.File)
		u.Unresolved = append(u.Unresolved, x)
	}
	for _, x := range in.Errors {
		u := unit(x.Loc.File)
		u.Errors = append(u.Errors, x)
	}
	for _, u := range units {
		u.normalise()
	}
	return units
}

// normalise gives a unit the empty (not nil) slices Build gives.
func (in *Input) normalise() {
	if in.Files == nil {
		in.Files = []File{}
	}
	if in.Policies == nil {
		in.Policies = []Policy{}
	}
	if in.Statements == nil {
		in.Statements = []Statement{}
	}
	if in.Roles == nil {
		in.Roles = []Role{}
	}
	if in.Keys == nil {
		in.Keys = []Key{}
	}
	if in.Buckets == nil {
		in.Buckets = []Bucket{}
	}
	if in.Pipelines == nil {
		in.Pipelines = []Pipeline{}
	}
	if in.Values == nil {
		in.Values = []Value{}
	}
	if in.Unresolved == nil {
		in.Unresolved = []Unresolved{}
	}
	if in.Errors == nil {
		in.Errors = []Problem{}
	}
}

// Merge joins units into one input, in order. Facts copied into several
// units (managed policies) appear once.
func Merge(units ...*Input) *Input {
	out := &Input{}
	seenPolicy := map[string]bool{}
	seenStmt := map[string]bool{}
	for _, u := range units {
		if out.Version == 0 {
			out.Version = u.Version
		}
		out.Files = append(out.Files, u.Files...)
		for _, x := range u.Policies {
			if !seenPolicy[x.ID] {
				seenPolicy[x.ID] = true
				out.Policies = append(out.Policies, x)
			}
		}
		for _, x := range u.Statements {
			if !seenStmt[x.ID] {
				seenStmt[x.ID] = true
				out.Statements = append(out.Statements, x)
			}
		}
		out.Roles = append(out.Roles, u.Roles...)
		out.Keys = append(out.Keys, u.Keys...)
		out.Buckets = append(out.Buckets, u.Buckets...)
		out.Pipelines = append(out.Pipelines, u.Pipelines...)
		out.Projects = append(out.Projects, u.Projects...)
		out.Values = append(out.Values, u.Values...)
		out.Unresolved = append(out.Unresolved, u.Unresolved...)
		out.Errors = append(out.Errors, u.Errors...)
	}
	out.normalise()
	return out
}

// Size is a rough measure of the work a unit gives the rules: the number
// of facts in it.
func (in *Input) Size() int {
	n := len(in.Files) + len(in.Policies) + len(in.Statements) + len(in.Roles) +
		len(in.Keys) + len(in.Buckets) + len(in.Projects) + len(in.Values) +
		len(in.Unresolved) + len(in.Errors)
	for _, p := range in.Pipelines {
		n++
		for _, s := range p.Stages {
			n += len(s.Actions)
		}
	}
	return n
}
