package generate

import (
	"fmt"
	"regexp"

	"github.com/xacct-lint/xacct-lint/pkg/model"
)

// plan is the setup resolved into the names and ARNs every document uses,
// so that each document is a pure function of it and they cannot disagree.
type plan struct {
	s         *model.Setup
	partition string
	tools     string // account A
	region    string // the pipeline's region
	roleArn   string // the pipeline role
	stores    []store
	targets   []target
}

// store is the artifact store of one region.
type store struct {
	region string
	bucket string
	keyID  string // empty until the tools stack has created the key
	main   bool   // the pipeline's region (tools-account.yaml)
}

// target is one deploy target with its derived values.
type target struct {
	model.Target
	region        string
	actionRoleArn string
	// writes is true when the action produces artifacts, so its account must
	// be allowed to write to the bucket and encrypt with the key.
	writes bool
	// input is the deploy's (main) input artifact.
	input string
	// deploymentRoleArn is the CloudFormation deployment role, which reads
	// artifacts too (a template may point at code in the artifact).
	deploymentRoleArn string
}

// readers are the roles of t's account that read artifacts.
func (t target) readers() []string {
	if t.deploymentRoleArn != "" {
		return []string{t.actionRoleArn, t.deploymentRoleArn}
	}
	return []string{t.actionRoleArn}
}

// keyArn returns the key ARN of st, or the key/* pattern of its region and
// account A when the key ID is not known yet; ok reports which.
func (p *plan) keyArn(st store) (arn string, ok bool) {
	if arn, ok := p.s.KeyArn(st.region); ok {
		return arn, true
	}
	return fmt.Sprintf("arn:%s:kms:%s:%s:key/*", p.partition, st.region, p.tools), false
}

func (p *plan) bucketArn(st store) string {
	return fmt.Sprintf("arn:%s:s3:::%s", p.partition, st.bucket)
}

func (p *plan) root(account string) string {
	return fmt.Sprintf("arn:%s:iam::%s:root", p.partition, account)
}

func (p *plan) roleArnIn(account, name string) string {
	return fmt.Sprintf("arn:%s:iam::%s:role/%s", p.partition, account, name)
}

// storeFor returns the artifact store of region.
func (p *plan) storeFor(region string) store {
	for _, st := range p.stores {
		if st.region == region {
			return st
		}
	}
	return p.stores[0] // unreachable: newPlan makes a store for every target region
}

// targetsIn returns the targets that deploy in region.
func (p *plan) targetsIn(region string) []target {
	var out []target
	for _, t := range p.targets {
		if t.region == region {
			out = append(out, t)
		}
	}
	return out
}

// keysKnown reports whether every artifact store's key ID is known, which
// pipeline.json needs.
func (p *plan) keysKnown() bool {
	for _, st := range p.stores {
		if st.keyID == "" {
			return false
		}
	}
	return true
}

func (p *plan) multiRegion() bool { return len(p.stores) > 1 }

func (p *plan) sourceArtifact() string { return p.s.Source.OutputArtifact }

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// newPlan resolves s, which must already have its defaults applied
// (model.Setup.WithDefaults).
func newPlan(s *model.Setup) (*plan, error) {
	p := &plan{
		s:         s,
		partition: s.Partition(),
		tools:     s.Tools.AccountID,
		region:    s.Pipeline.Region,
		roleArn:   s.PipelineRoleArn(),
	}
	if len(s.Targets) == 0 {
		return nil, fmt.Errorf("setup has no targets")
	}
	p.stores = append(p.stores, store{region: p.region, bucket: s.ArtifactBucket(p.region), keyID: s.Tools.KeyID, main: true})
	for _, r := range s.ExtraRegions() {
		p.stores = append(p.stores, store{region: r, bucket: s.ArtifactBucket(r), keyID: s.Tools.Regions[r].KeyID})
	}
	seen := map[string]bool{}
	sids := map[string]string{}
	for i, t := range s.Targets {
		if !nameRE.MatchString(t.Name) {
			return nil, fmt.Errorf("targets[%d].name %q: want letters, digits, '-' or '_'", i, t.Name)
		}
		if t.Name == "tools" {
			return nil, fmt.Errorf("targets[%d].name %q: reserved for account A", i, t.Name)
		}
		if seen[t.Name] {
			return nil, fmt.Errorf("targets[%d].name %q: used twice", i, t.Name)
		}
		seen[t.Name] = true
		if other, ok := sids[sidPart(t.Name)]; ok {
			return nil, fmt.Errorf("targets[%d].name %q: too close to %q (policy statement IDs would clash)", i, t.Name, other)
		}
		sids[sidPart(t.Name)] = t.Name
		if err := checkDeploy(t); err != nil {
			return nil, fmt.Errorf("targets[%d] (%s): %w", i, t.Name, err)
		}
		tg := target{
			Target:        t,
			region:        s.TargetRegion(t),
			actionRoleArn: s.ActionRoleArn(t),
			input:         t.Deploy.InputArtifact,
		}
		if c := t.Deploy.CloudFormation; t.Deploy.Kind == model.DeployCloudFormation {
			tg.writes = c.OutputArtifact != ""
			tg.deploymentRoleArn = p.roleArnIn(t.AccountID, c.DeploymentRoleName)
		}
		p.targets = append(p.targets, tg)
	}
	return p, nil
}

// checkDeploy makes sure the block that the deploy kind needs is there, so
// that no generator dereferences a nil block.
func checkDeploy(t model.Target) error {
	d := t.Deploy
	var ok bool
	switch d.Kind {
	case model.DeployCodeDeployToECS:
		ok = d.CodeDeployToECS != nil
	case model.DeployECS:
		ok = d.ECS != nil
	case model.DeployCodeDeploy:
		ok = d.CodeDeploy != nil
	case model.DeployCloudFormation:
		ok = d.CloudFormation != nil
	default:
		return fmt.Errorf("unknown deploy kind %q", d.Kind)
	}
	if !ok {
		return fmt.Errorf("deploy kind %s without its %s block", d.Kind, kindBlock(d.Kind))
	}
	return nil
}

func kindBlock(kind string) string {
	switch kind {
	case model.DeployCodeDeployToECS:
		return "codeDeployToECS"
	case model.DeployECS:
		return "ecs"
	case model.DeployCodeDeploy:
		return "codeDeploy"
	}
	return "cloudFormation"
}
