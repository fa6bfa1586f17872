package facts

import (
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// link connects the facts of all documents: aliases to keys, bucket
// policies to buckets, policies to roles, pipelines to roles, buckets and
// keys.
func (b *builder) link() {
	for _, a := range b.pendingAliases {
		if i, ok := b.keyFor(a.target); ok && a.name != "" {
			b.in.Keys[i].Aliases = append(b.in.Keys[i].Aliases, a.name)
		}
	}
	for _, bp := range b.pendingBucketPolicies {
		name := bp.bucket
		if n, ok := bucketFromArn(name); ok {
			name = n
		}
		i, ok := b.bucketFor(name, bp.file, bp.account)
		if !ok {
			b.unresolved("ref", "bucket policy for bucket "+bp.bucket+", which no document defines", bp.loc)
			continue
		}
		bk := &b.in.Buckets[i]
		bk.Policies = append(bk.Policies, bp.policy)
		p := &b.in.Policies[b.policyIdx[bp.policy]]
		p.Owner = bk.ID
		if p.Account == "" {
			p.Account = bk.Account
		}
	}
	managedByRef := map[string]string{} // customer managed policy ARN/Ref → policy id
	for _, pa := range b.pendingAttach {
		if pa.ref != "" {
			managedByRef[pa.ref] = pa.policy
		}
		unknown := pa.unknown
		for _, name := range pa.roles {
			i, ok := b.roleFor(name, pa.file, pa.account)
			if !ok {
				unknown = unknown || hasUnknown(name)
				b.unresolved("ref", "policy attached to role "+name+", which no document defines", pa.loc)
				continue
			}
			b.attach(i, pa.policy)
		}
		if unknown {
			// It may be attached to roles we cannot tell: those are incomplete.
			for i := range b.in.Roles {
				if b.roleFile[i] == pa.file || b.in.Roles[i].Account == "" || b.in.Roles[i].Account == pa.account {
					b.in.Roles[i].Complete = false
				}
			}
		}
	}
	for i := range b.in.Roles {
		r := &b.in.Roles[i]
		for j := range r.ManagedPolicies {
			m := &r.ManagedPolicies[j]
			if id, ok := managedByRef[m.Arn]; ok {
				m.Known, m.Policy = true, id
				b.attach(i, id)
				continue
			}
			if id, ok := b.expandManaged(m.Arn, m.Loc); ok {
				m.Known, m.Policy = true, id
				b.attach(i, id)
				continue
			}
			r = &b.in.Roles[i] // attach may not move roles, but keep the pointer fresh
			r.Complete = false
			b.unresolved("managed-policy", "managed policy "+m.Arn+" is not known: permissions it grants are unknown", m.Loc)
		}
	}
	for _, pb := range b.pendingBound {
		i := b.boundRole(pb)
		p := &b.in.Policies[b.policyIdx[pb.policy]]
		p.Owner = b.in.Roles[i].ID
		if pb.kind == PolicyTrust {
			b.in.Roles[i].Trust = pb.policy
		} else {
			b.attach(i, pb.policy)
		}
	}
	for pi := range b.in.Pipelines {
		b.linkPipeline(&b.in.Pipelines[pi])
	}
	// An identity policy attached to exactly one role belongs to it.
	attached := map[string][]int{}
	for i, r := range b.in.Roles {
		for _, p := range r.Policies {
			attached[p] = append(attached[p], i)
		}
	}
	for i := range b.in.Policies {
		p := &b.in.Policies[i]
		if p.Owner == "" && p.Managed == "" && len(attached[p.ID]) == 1 {
			p.Owner = b.in.Roles[attached[p.ID][0]].ID
		}
	}
	// Statements repeat their policy's kind, owner and account.
	for i := range b.in.Statements {
		s := &b.in.Statements[i]
		p := b.in.Policies[b.policyIdx[s.Policy]]
		s.Kind, s.Owner, s.Account = p.Kind, p.Owner, p.Account
	}
}

// attach adds an identity policy to a role once.
func (b *builder) attach(role int, policy string) {
	r := &b.in.Roles[role]
	for _, p := range r.Policies {
		if p == policy {
			return
		}
	}
	r.Policies = append(r.Policies, policy)
	p := &b.in.Policies[b.policyIdx[policy]]
	if p.Account == "" && p.Managed == "" {
		p.Account = r.Account
	}
}

// roleFor finds the role a policy names: in the same file first, else the
// one role of that name in the same known account.
func (b *builder) roleFor(name, file, account string) (int, bool) {
	cands := b.roleName[name]
	for _, i := range cands {
		if b.roleFile[i] == file {
			return i, true
		}
	}
	found := -1
	for _, i := range cands {
		if account != "" && b.in.Roles[i].Account == account {
			if found >= 0 {
				return 0, false
			}
			found = i
		}
	}
	return found, found >= 0
}

// bucketFor finds a bucket by name: in the same file first, else the one
// bucket of that name (bucket names are global).
func (b *builder) bucketFor(name, file, account string) (int, bool) {
	cands := b.bucketBy[name]
	for _, i := range cands {
		if b.in.Buckets[i].Loc.File == file {
			return i, true
		}
	}
	if len(cands) == 1 {
		return cands[0], true
	}
	return 0, false
}

// keyFor finds the key an id names: its ARN, its Ref value (key id), or
// one of its aliases ("alias/x", alias ARN).
func (b *builder) keyFor(id string) (int, bool) {
	if id == "" {
		return 0, false
	}
	if i, ok := b.keyRef[id]; ok {
		return i, true
	}
	if a, ok := parseArn(id); ok && a.service == "kms" && strings.HasPrefix(a.resource, "key/") {
		// A key ARN written out for a key whose id is unknown: match region/account/id.
		for i, k := range b.in.Keys {
			if k.Arn == id {
				return i, true
			}
		}
		return 0, false
	}
	alias, ok := aliasName(id)
	if !ok {
		return 0, false
	}
	acct := arnAccount(id)
	found := -1
	for i, k := range b.in.Keys {
		if acct != "" && k.Account != "" && k.Account != acct {
			continue
		}
		for _, a := range k.Aliases {
			if a == alias {
				if found >= 0 && found != i {
					return 0, false
				}
				found = i
			}
		}
	}
	return found, found >= 0
}

// boundRole returns the role a bound bare policy belongs to, creating it.
func (b *builder) boundRole(pb pendingBound) int {
	cands := b.roleName[pb.role]
	found := -1
	for _, i := range cands {
		r := b.in.Roles[i]
		if pb.account != "" && r.Account != pb.account || pb.account == "" && r.Account != "" && len(cands) > 1 {
			continue
		}
		if found >= 0 {
			found = -2
			break
		}
		found = i
	}
	if found >= 0 {
		if !pb.complete && strings.HasPrefix(b.in.Roles[found].ID, "role:") {
			b.in.Roles[found].Complete = false
		}
		return found
	}
	acct := pb.account
	id := "role:" + pb.role
	arn := roleArn(tok("AWS::AccountId"), "/", pb.role)
	if acct != "" {
		arn = roleArn(acct, "/", pb.role)
		id = arn
	}
	if i, ok := b.roleIdx[id]; ok {
		return i
	}
	return b.addRole(Role{
		ID: id, Name: pb.role, Arn: arn, Account: acct, Policies: []string{}, ManagedPolicies: []ManagedRef{},
		Complete: pb.complete, Loc: pb.loc,
	})
}

// roleByArn finds the role an ARN names, or adds a role known only by its
// ARN (incomplete, no policies) when the ARN has a role's form.
func (b *builder) roleByArn(arn string, l Loc) (string, bool) {
	if arn == "" {
		return "", false
	}
	if i, ok := b.roleArn[arn]; ok {
		return b.in.Roles[i].ID, true
	}
	name, acct, ok := roleArnName(arn)
	if !ok || placeholderRe.MatchString(arn) {
		return "", false
	}
	// A role bound by configuration to this account and name.
	if acct != "" {
		for _, i := range b.roleName[name] {
			r := b.in.Roles[i]
			if r.Account == acct && strings.HasPrefix(r.ID, "arn:") {
				return r.ID, true
			}
		}
	}
	i := b.addRole(Role{
		ID: arn, Name: name, Arn: arn, Account: acct, Policies: []string{}, ManagedPolicies: []ManagedRef{},
		Complete: false, Loc: l,
	})
	return b.in.Roles[i].ID, true
}

func (b *builder) linkPipeline(p *Pipeline) {
	if p.Account == "" {
		p.Account = arnAccount(p.RoleArn)
	}
	roleLoc := p.Loc
	if l, ok := p.Locs["roleArn"]; ok {
		roleLoc = l
	}
	p.Role, _ = b.roleByArn(p.RoleArn, roleLoc)
	for si := range p.Stages {
		for ai := range p.Stages[si].Actions {
			a := &p.Stages[si].Actions[ai]
			if a.RoleArn == "" {
				a.Account = p.Account
				continue
			}
			a.Account = arnAccount(a.RoleArn)
			l := a.Loc
			if rl, ok := a.Locs["roleArn"]; ok {
				l = rl
			}
			a.Role, _ = b.roleByArn(a.RoleArn, l)
		}
	}
	for i := range p.ArtifactStores {
		st := &p.ArtifactStores[i]
		name := st.Location
		if n, ok := bucketFromArn(name); ok {
			name = n
		}
		var bucket *Bucket
		if bi, ok := b.bucketFor(name, p.Loc.File, p.Account); ok && name != "" {
			bucket = &b.in.Buckets[bi]
			st.Bucket = bucket.ID
		}
		if st.EncryptionKey == nil {
			continue
		}
		if ki, ok := b.keyFor(st.EncryptionKey.ID); ok {
			st.Key = b.in.Keys[ki].ID
			continue
		}
		if bucket != nil {
			if ki, ok := b.keyFor(bucket.KMSKey); ok {
				st.Key = b.in.Keys[ki].ID
				continue
			}
		}
		if p.Account != "" {
			found := -1
			for ki, k := range b.in.Keys {
				if k.Account == p.Account {
					if found >= 0 {
						found = -2
						break
					}
					found = ki
				}
			}
			if found >= 0 {
				st.Key = b.in.Keys[found].ID
				continue
			}
		}
		b.unresolved("ref", "the artifact store's key "+st.EncryptionKey.ID+" is not defined in the documents", st.EncryptionKey.Loc)
	}
}

// inferAccounts finds accounts for files that no binding names: a
// template defining a role whose name a role ARN with a known account
// names elsewhere (one account only), or the bucket a pipeline with a
// known account uses as its artifact store.
func (b *builder) inferAccounts(docs []*source.Document) map[string]string {
	named := map[string]map[string]bool{} // role name → accounts that ARNs give it
	note := func(arn string) {
		if name, acct, ok := roleArnName(arn); ok && acct != "" && !hasUnknown(name) {
			if named[name] == nil {
				named[name] = map[string]bool{}
			}
			named[name][acct] = true
		}
	}
	storeAcct := map[string]map[string]bool{} // bucket name → pipeline accounts
	for _, p := range b.in.Pipelines {
		note(p.RoleArn)
		for _, s := range p.Stages {
			for _, a := range s.Actions {
				note(a.RoleArn)
			}
		}
		if p.Account == "" {
			continue
		}
		for _, st := range p.ArtifactStores {
			name := st.Location
			if n, ok := bucketFromArn(name); ok {
				name = n
			}
			if storeAcct[name] == nil {
				storeAcct[name] = map[string]bool{}
			}
			storeAcct[name][p.Account] = true
		}
	}
	for _, s := range b.in.Statements {
		for _, pr := range s.Principals {
			if pr.Type == "AWS" {
				note(pr.Value)
			}
		}
	}
	cands := map[string]map[string]bool{} // file → candidate accounts
	add := func(file string, accts map[string]bool) {
		if cands[file] == nil {
			cands[file] = map[string]bool{}
		}
		for a := range accts {
			cands[file][a] = true
		}
	}
	for i, r := range b.in.Roles {
		file := b.roleFile[i]
		if b.accounts[file] != "" || hasUnknown(r.Name) {
			continue
		}
		if accts := named[r.Name]; len(accts) > 0 {
			add(file, accts)
		}
	}
	for _, pb := range b.pendingBound {
		if b.accounts[pb.file] == "" {
			if accts := named[pb.role]; len(accts) > 0 {
				add(pb.file, accts)
			}
		}
	}
	for _, bk := range b.in.Buckets {
		if b.accounts[bk.Loc.File] == "" && !hasUnknown(bk.Name) {
			if accts := storeAcct[bk.Name]; len(accts) > 0 {
				add(bk.Loc.File, accts)
			}
		}
	}
	out := map[string]string{}
	for _, d := range docs {
		if d == nil {
			continue
		}
		if c := cands[d.Path]; len(c) == 1 {
			for a := range c {
				out[d.Path] = a
			}
		}
	}
	return out
}

// finish fills what needs every fact: file accounts, placeholders,
// files whose account stays unknown.
func (b *builder) finish(docs []*source.Document) {
	pipelineAcct := map[string]string{}
	for _, p := range b.in.Pipelines {
		if p.Source == "pipeline-json" && p.Account != "" {
			pipelineAcct[p.Loc.File] = p.Account
		}
	}
	for i := range b.in.Files {
		f := &b.in.Files[i]
		if f.Account == "" {
			f.Account = pipelineAcct[f.Path]
		}
		if f.Account == "" && f.Kind != "" {
			b.unresolved("account", "the account of "+f.Path+" is not known: bind it in .xacct-lint.yaml (documents) to check what depends on it", Loc{File: f.Path, Line: 1, Column: 1})
		}
	}
	for _, s := range b.deferredScans {
		b.scanPlaceholder(s.file, s.s, s.pos, s.ptr)
	}
	for _, d := range docs {
		if d != nil && d.Root != nil && d.Kind != source.KindUnknown {
			b.scanDoc(d)
		}
	}
}
