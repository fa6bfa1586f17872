package facts

import (
	"context"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// LinkKeys are the link keys of one document: hashes of the identifiers
// it declares and of those it names. Build links facts of different files
// only through such identifiers, so files can be built and evaluated apart
// when no file names what another declares and no two files declare the
// same thing: see DocumentLinkKeys.
type LinkKeys struct {
	// Declares are the identifiers the document defines (or may define:
	// a role known only by the ARN a pipeline names), sorted, unique.
	Declares []uint64
	// Names are the identifiers it refers to, sorted, unique.
	Names []uint64
	// Members are the account-wide sets the document belongs to (the
	// roles, the keys of an account), sorted, unique. A file that names a
	// set is linked to its members; members are not linked to each other.
	Members []uint64
}

// Key kinds. An identifier is keyed by kind and value; every literal
// identifier shares kindID, whatever it identifies, so that a role name
// equal to a bucket name merges files (slower, never wrong).
const (
	kindID = "id\x00"
	// kindRolesOf keys the roles of one account ("" unknown): a policy
	// attached to roles that cannot be told makes them incomplete.
	kindRolesOf = "roles-of\x00"
	// kindKeysOf keys the keys of one account ("?" for a key whose
	// account may be inferred): a pipeline's artifact store whose key is
	// not found takes the one key of the pipeline's account.
	kindKeysOf = "keys-of\x00"
	// kindAny are the account-wide keys of a document whose account is
	// not bound but may be inferred from other documents: it may then
	// reach the roles or keys of any account.
	kindRolesAny = "roles-any"
	kindKeysAny  = "keys-any"
)

// accountToken is the symbolic value of AWS::AccountId in an unbound
// document.
var accountToken = tok("AWS::AccountId")

// DocumentLinkKeys returns the link keys of one parsed document with the
// binding configuration gives it. It reads the document with the code of
// Build, stopping before the documents are linked, and keys what the
// linking would look up across files: role names and ARNs (from roles,
// pipeline and action role ARNs, principals, attachments, configuration
// bindings), bucket names and ARNs (buckets, artifact stores, bucket
// policies, S3 ARNs in statements), key ARNs, ids and aliases (keys,
// aliases, artifact stores, bucket and project encryption keys), customer
// managed policy references, pipeline and project names, every string of
// a statement, of a pipeline action's configuration and of a checked
// value; plus account-wide keys for the two effects that reach every
// role or key of an account.
//
// Account IDs (12 digits, or AWS::AccountId of an unbound document) are
// blurred out of the keyed strings: an account inferred from another
// document changes them in Build. Keys are conservative: an extra key
// only merges files that could have been apart.
//
// A document that cannot be read (its reading panics) has no keys: Build
// leaves it out. ctx is only checked on entry; reading one document is
// bounded by the parser's limits.
func DocumentLinkKeys(ctx context.Context, d *source.Document, bd Binding) (LinkKeys, error) {
	if err := ctx.Err(); err != nil {
		return LinkKeys{}, err
	}
	if d == nil || d.Root == nil || d.Root.Kind != source.Map {
		return LinkKeys{}, nil
	}
	b := newKeyBuilder(d.Path, bd)
	if b.readDocument(d, bd.Account, nil) {
		return LinkKeys{}, nil
	}
	k := keyer{}
	b.linkKeys(&k, bd.Account == "")
	return k.result(), nil
}

// newKeyBuilder is the builder buildDocs starts with, for one document.
func newKeyBuilder(path string, bd Binding) *builder {
	return newBuilder(map[string]Binding{path: bd}, map[string]string{path: bd.Account})
}

// keyer collects hashed keys.
type keyer struct {
	declares, names, members []uint64
	// trace, when set, sees every key before it is hashed (tests).
	trace func(mode, kind, v string)
}

func hashKey(kind, v string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte(v))
	return h.Sum64()
}

func (k *keyer) declareKey(kind, v string) {
	if k.trace != nil {
		k.trace("declares", kind, v)
	}
	k.declares = append(k.declares, hashKey(kind, v))
}

func (k *keyer) memberKey(kind, v string) {
	if k.trace != nil {
		k.trace("member of", kind, v)
	}
	k.members = append(k.members, hashKey(kind, v))
}

func (k *keyer) nameKey(kind, v string) {
	if k.trace != nil {
		k.trace("names", kind, v)
	}
	k.names = append(k.names, hashKey(kind, v))
}

// declare keys an identifier the document defines, with the forms it can
// be named by.
func (k *keyer) declare(ss ...string) {
	for _, s := range ss {
		for _, f := range forms(s) {
			k.declareKey(kindID, f)
		}
	}
}

// name keys an identifier the document refers to, with the identifiers
// its form implies (a role ARN names the role's name, an S3 ARN its
// bucket, an alias ARN its alias).
func (k *keyer) name(ss ...string) {
	for _, s := range ss {
		for _, f := range forms(s) {
			k.nameKey(kindID, f)
		}
	}
}

// result sorts and deduplicates.
func (k *keyer) result() LinkKeys {
	slices.Sort(k.declares)
	slices.Sort(k.names)
	slices.Sort(k.members)
	return LinkKeys{Declares: slices.Compact(k.declares), Names: slices.Compact(k.names), Members: slices.Compact(k.members)}
}

// forms returns the blurred forms of an identifier under which it can
// match another: itself; for a role ARN its role name; for an S3 ARN its
// bucket name and bucket ARN; for an alias ARN or name its alias name.
func forms(s string) []string {
	if s == "" {
		return nil
	}
	out := []string{blur(s)}
	if name, _, ok := roleArnName(s); ok {
		out = append(out, blur(name))
	}
	if name, ok := bucketFromArn(s); ok {
		out = append(out, blur(name))
	}
	if strings.HasPrefix(s, "arn:") && strings.Contains(s, ":s3:::") {
		if i := strings.IndexByte(s, '/'); i > 0 {
			out = append(out, blur(s[:i]))
		}
	}
	if a, ok := aliasName(s); ok {
		out = append(out, blur(a))
	}
	if i := strings.Index(s, ":alias/"); i > 0 {
		out = append(out, blur(s[i+1:]))
	}
	return out
}

// blur replaces account IDs (runs of exactly 12 digits) and the symbolic
// AWS::AccountId with "#".
func blur(s string) string {
	s = strings.ReplaceAll(s, accountToken, "#")
	var sb strings.Builder
	changed := false
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			sb.WriteByte(s[i])
			i++
			continue
		}
		if j-i == 12 {
			sb.WriteByte('#')
			changed = true
		} else {
			sb.WriteString(s[i:j])
		}
		i = j
	}
	if !changed {
		return s
	}
	return sb.String()
}

// linkKeys keys what the builder read of one document and has pending
// for link. unbound says the document's account is not bound, so that
// Build may infer one for it.
func (b *builder) linkKeys(k *keyer, unbound bool) {
	in := b.in
	// Whether Build may infer this document's account: inferAccounts
	// looks at its roles, bound policies and buckets; roles a pipeline
	// names by ARN are the pipeline file's.
	inferable := unbound && (len(in.Roles) > 0 || len(b.pendingBound) > 0 || len(in.Buckets) > 0 || len(in.Pipelines) > 0)
	declareRolesOf := func(acct string) {
		k.memberKey(kindRolesOf, acct)
		k.memberKey(kindRolesAny, "")
	}
	for _, r := range in.Roles {
		k.declare(r.Arn, r.Name)
		declareRolesOf(r.Account)
		for _, m := range r.ManagedPolicies {
			k.name(m.Arn)
		}
	}
	for ref := range b.keyRef {
		k.declare(ref)
	}
	for _, key := range in.Keys {
		k.declare(key.Arn, key.KeyID)
		k.declare(key.Aliases...)
		acct := key.Account
		if acct == "" && inferable {
			acct = "?"
		}
		k.memberKey(kindKeysOf, acct)
		k.memberKey(kindKeysAny, "")
	}
	for _, bk := range in.Buckets {
		k.declare(bk.Arn, bk.Name)
		k.name(bk.KMSKey)
	}
	for _, pr := range in.Projects {
		k.declare(pr.Name)
		k.name(pr.EncryptionKey)
	}
	// A role ARN a pipeline names is a role of the pipeline's file when
	// no document defines it (roleByArn): declared as well as named.
	roleArnRef := func(arn string) {
		if arn == "" {
			return
		}
		k.name(arn)
		if _, acct, ok := roleArnName(arn); ok {
			k.declare(arn)
			declareRolesOf(acct)
		}
	}
	for _, pl := range in.Pipelines {
		k.declare(pl.Name)
		k.name(pl.Name)
		roleArnRef(pl.RoleArn)
		acct := pl.Account
		if acct == "" {
			acct = arnAccount(pl.RoleArn)
		}
		for _, st := range pl.ArtifactStores {
			k.name(st.Location)
			if st.EncryptionKey == nil {
				continue
			}
			k.name(st.EncryptionKey.ID)
			// The key of a store whose key is not found may be the one
			// key of the pipeline's account (linkPipeline).
			switch {
			case acct != "":
				k.nameKey(kindKeysOf, acct)
				k.nameKey(kindKeysOf, "?")
			case inferable:
				k.nameKey(kindKeysAny, "")
			}
		}
		for _, s := range pl.Stages {
			for _, a := range s.Actions {
				roleArnRef(a.RoleArn)
				for _, v := range a.Configuration {
					k.name(v)
				}
			}
		}
	}
	for _, s := range in.Statements {
		for _, pr := range s.Principals {
			k.name(pr.Value)
		}
		for _, pr := range s.NotPrincipals {
			k.name(pr.Value)
		}
		k.name(s.Resources...)
		k.name(s.NotResources...)
		for _, c := range s.Conditions {
			k.name(c.Values...)
		}
	}
	for _, v := range in.Values {
		k.name(v.Value)
	}
	for _, a := range b.pendingAliases {
		k.declare(a.name)
		k.name(a.target)
	}
	for _, bp := range b.pendingBucketPolicies {
		k.name(bp.bucket)
	}
	for _, pa := range b.pendingAttach {
		k.name(pa.roles...)
		k.declare(pa.ref)
		unknown := pa.unknown
		for _, r := range pa.roles {
			unknown = unknown || hasUnknown(r)
		}
		if !unknown {
			continue
		}
		// Every role of the policy's account, or of no known account,
		// may be incomplete (link).
		k.nameKey(kindRolesOf, "")
		if pa.account != "" {
			k.nameKey(kindRolesOf, pa.account)
		}
		if inferable {
			k.nameKey(kindRolesAny, "")
		}
	}
	for _, pb := range b.pendingBound {
		k.declare(pb.role)
		k.name(pb.role)
		declareRolesOf(pb.account)
	}
}
