package model

// starter is the commented xacct.yaml that `xacct-lint init` writes. It is
// a valid setup as it stands (a test parses it); replace the example IDs.
const starter = `# xacct.yaml — a cross-account CodePipeline setup for xacct-lint.
# The tools account (A) runs the pipeline and owns its artifact bucket and
# KMS key; each target account (B, C, …) holds a role that the pipeline
# assumes to deploy there. "xacct-lint generate" writes every document of
# the setup from this file; "xacct-lint lint" checks them.

pipeline:
  name: my-app-pipeline        # 1–100 characters: letters, digits, . @ - _
  region: ap-northeast-1       # where the pipeline and its artifact store live
  # type: V2                   # V1 or V2 (default V2)

tools:                         # the tools account (A)
  accountId: "111111111111"    # 12 digits; quote it so YAML keeps it a string
  artifactBucket: my-app-artifacts-111111111111  # S3 bucket for pipeline artifacts
  keyAlias: alias/my-app-artifacts  # alias of the customer managed KMS key
  # keyId: 1234abcd-12ab-34cd-56ef-1234567890ab
  #   The key's ID, from the tools stack's output once it is deployed.
  #   pipeline.json names the key by ARN, so it is written only once keyId
  #   is known: deploy the tools stack, copy the ID here, generate again.
  # keyAdministrators:         # principals that administer the key, besides A's root
  #   - arn:aws:iam::111111111111:role/Admin
  pipelineRoleName: my-app-pipeline-role  # the pipeline's service role
  # keyRotation: true          # yearly key rotation (default true)
  # regions:                   # artifact stores of other regions a target deploys to
  #   us-east-1:               # default bucket: <artifactBucket>-<region>
  #     artifactBucket: my-app-artifacts-111111111111-use1
  #     keyId: ...             # that region's key ID, once known

source:                        # the first stage: one source action
  provider: CodeCommit         # S3, CodeCommit, CodeStarSourceConnection or ECR
  repository: my-app           # CodeCommit: repository and branch
  branch: main
  # outputArtifact: SourceArtifact  # default SourceArtifact
  # S3:        bucket, objectKey
  # CodeStarSourceConnection: connectionArn, repository ("owner/repo"), branch
  # ECR:       imageRepository, imageTag (default latest)

build:                         # optional CodeBuild stage in account A
  projectName: my-app-build    # the project must encrypt its output with the pipeline key
  # outputArtifact: BuildArtifact   # default BuildArtifact

targets:                       # accounts deployed into, in stage order
  - name: prod                 # names the stage Deploy-prod and the file target-prod.yaml
    accountId: "222222222222"  # the target account (B); not the tools account
    # region: ap-northeast-1   # default: the pipeline's region
    actionRoleName: my-app-cross-account-role  # the role the pipeline assumes in B
    # runOrder: 1              # 1–999 (default 1)
    deploy:
      kind: CodeDeployToECS    # CodeDeployToECS, ECS, CodeDeploy or CloudFormation
      # inputArtifact: BuildArtifact  # default: the build's output, else the source's
      codeDeployToECS:         # ECS blue/green through CodeDeploy
        application: my-app
        deploymentGroup: my-app-dg
        # taskDefinitionArtifact / appSpecArtifact default to the input artifact;
        # taskDefinitionPath: taskdef.json   appSpecPath: appspec.yaml
        images:                # 1–4 artifacts holding imageDetail.json
          - artifact: BuildArtifact
            containerName: IMAGE1_NAME  # the <IMAGE1_NAME> placeholder in taskdef.json
        executionRoleArn: arn:aws:iam::222222222222:role/ecsTaskExecutionRole
        # taskRoleArn: arn:aws:iam::222222222222:role/my-app-task
        # serviceRoleName: my-app-codedeploy  # generate the CodeDeploy service role too
      # Other kinds take one of these blocks instead:
      # ecs: {cluster: ..., service: ..., fileName: imagedefinitions.json}
      # codeDeploy: {application: ..., deploymentGroup: ...}
      # cloudFormation: {stackName: ..., deploymentRoleName: ...,
      #   templatePath: "BuildArtifact::template.yaml", capabilities: [CAPABILITY_IAM]}
`

// Starter returns a commented starter xacct.yaml, as written by
// `xacct-lint init`. Parse accepts it as it is; its account IDs
// (111111111111 for the tools account, 222222222222 for the target) are
// examples to replace. Each call returns a new slice.
func Starter() []byte {
	return []byte(starter)
}
