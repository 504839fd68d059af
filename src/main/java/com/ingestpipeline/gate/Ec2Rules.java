package com.ingestpipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** EC2.2, EC2.3, EC2.6, EC2.8, EC2.9, EC2.18 and SSM.1. */
final class Ec2Rules {
    static final String VPC = "aws:ec2/vpc:Vpc";
    static final String FLOW_LOG = "aws:ec2/flowLog:FlowLog";
    static final String DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
    static final String SG = "aws:ec2/securityGroup:SecurityGroup";
    static final String SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
    static final String INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String INSTANCE = "aws:ec2/instance:Instance";
    static final String LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    static final String VOLUME = "aws:ebs/volume:Volume";
    static final String EBS_DEFAULT = "aws:ebs/encryptionByDefault:EncryptionByDefault";
    static final String PROFILE = "aws:iam/instanceProfile:InstanceProfile";
    static final String ROLE = "aws:iam/role:Role";
    static final String ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    /** EC2.18's default authorised ports for unrestricted ingress. */
    static final Set<Integer> AUTHORISED_OPEN_PORTS = Set.of(80, 443);

    private Ec2Rules() {
    }

    static List<Rule> all() {
        return List.of(
            Rule.of("EC2.2", "VPC default security groups should not allow inbound or outbound traffic", Ec2Rules::defaultSg),
            Rule.of("EC2.3", "Attached EBS volumes should be encrypted at-rest", Ec2Rules::encryptedVolumes),
            Rule.of("EC2.6", "VPC flow logging should be enabled in all VPCs", Ec2Rules::flowLogs),
            Rule.of("EC2.8", "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)", Ec2Rules::imdsV2),
            Rule.of("EC2.9", "EC2 instances should not have a public IPv4 address", Ec2Rules::noPublicIp),
            Rule.of("EC2.18", "Security groups should only allow unrestricted incoming traffic for authorized ports",
                Ec2Rules::noOpenIngress),
            Rule.of("SSM.1", "EC2 instances should be managed by AWS Systems Manager", Ec2Rules::ssmManaged));
    }

    private static List<Finding> defaultSg(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        List<Resource> adopted = plan.ofType(DEFAULT_SG);
        for (Resource vpc : plan.ofType(VPC)) {
            // A new VPC's default group allows all traffic between its members and all egress until adopted and emptied.
            if (adopted.stream().noneMatch(sg -> vpc.isReferencedBy(sg.str("vpcId")))) {
                out.add(Finding.fail("EC2.2", vpc.name(), "the VPC's default security group is not adopted "
                    + "(aws.ec2.DefaultSecurityGroup with no rules), so AWS's allow rules stay"));
            }
        }
        for (Resource sg : adopted) {
            int rules = sg.at("ingress").size() + sg.at("egress").size();
            out.add(Finding.of("EC2.2", sg.name(), rules == 0, "default security group has no rules",
                rules + " rule(s) on the default security group"));
        }
        return out;
    }

    private static List<Finding> flowLogs(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource vpc : plan.ofType(VPC)) {
            // FSBP's default asks for at least rejected traffic to be logged.
            boolean logged = plan.ofType(FLOW_LOG).stream().anyMatch(f -> vpc.isReferencedBy(f.str("vpcId"))
                && Set.of("ALL", "REJECT").contains(f.str("trafficType")));
            out.add(Finding.of("EC2.6", vpc.name(), logged, "flow log records rejected traffic",
                "no flow log (trafficType ALL or REJECT) for this VPC"));
        }
        return out;
    }

    private static List<Finding> encryptedVolumes(PlanView plan, GateContext ctx) {
        boolean byDefault = plan.ofType(EBS_DEFAULT).stream().anyMatch(r -> r.bool("enabled", true));
        List<Finding> out = new ArrayList<>();
        for (Resource v : plan.ofType(VOLUME)) {
            out.add(Finding.of("EC2.3", v.name(), byDefault || v.bool("encrypted", false), "encrypted",
                "encrypted is not true"));
        }
        for (Resource i : plan.ofType(INSTANCE)) {
            List<String> plain = new ArrayList<>();
            if (!byDefault && !i.bool("/rootBlockDevice/encrypted", false)) {
                plain.add("root volume");
            }
            for (JsonNode d : i.at("ebsBlockDevices")) {
                if (!byDefault && !d.path("encrypted").asBoolean(false)) {
                    plain.add(d.path("deviceName").asText("ebs block device"));
                }
            }
            out.add(Finding.of("EC2.3", i.name(), plain.isEmpty(), "root and block devices encrypted",
                "unencrypted: " + String.join(", ", plain)));
        }
        for (Resource t : plan.ofType(LAUNCH_TEMPLATE)) {
            List<String> plain = new ArrayList<>();
            for (JsonNode m : t.at("blockDeviceMappings")) {
                if (!byDefault && !m.path("ebs").path("encrypted").asText("false").equals("true")) {
                    plain.add(m.path("deviceName").asText("block device"));
                }
            }
            out.add(Finding.of("EC2.3", t.name(), plain.isEmpty(), "block device mappings encrypted",
                "unencrypted: " + String.join(", ", plain)));
        }
        return out;
    }

    private static List<Finding> imdsV2(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource r : plan.ofType(INSTANCE, LAUNCH_TEMPLATE)) {
            String tokens = r.str("/metadataOptions/httpTokens");
            out.add(Finding.of("EC2.8", r.name(), "required".equals(tokens), "httpTokens=required",
                "metadataOptions.httpTokens is '" + (tokens.isEmpty() ? "optional (default)" : tokens) + "'"));
        }
        return out;
    }

    private static List<Finding> noPublicIp(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource i : plan.ofType(INSTANCE)) {
            JsonNode explicit = i.at("associatePublicIpAddress");
            boolean subnetAssigns = plan.resolve(i.str("subnetId"), LambdaRules.SUBNET)
                .map(s -> s.bool("mapPublicIpOnLaunch", false)).orElse(false);
            boolean publicIp = explicit.isBoolean() ? explicit.booleanValue() : subnetAssigns;
            out.add(Finding.of("EC2.9", i.name(), !publicIp, "no public IPv4 address",
                explicit.isBoolean() ? "associatePublicIpAddress=true" : "its subnet maps a public IP on launch"));
        }
        for (Resource t : plan.ofType(LAUNCH_TEMPLATE)) {
            boolean publicIp = false;
            for (JsonNode nic : t.at("networkInterfaces")) {
                publicIp |= "true".equals(nic.path("associatePublicIpAddress").asText());
            }
            out.add(Finding.of("EC2.9", t.name(), !publicIp, "no public IPv4 address",
                "a network interface sets associatePublicIpAddress=true"));
        }
        return out;
    }

    private static List<Finding> noOpenIngress(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource sg : plan.ofType(SG)) {
            List<String> open = new ArrayList<>();
            for (JsonNode rule : sg.at("ingress")) {
                List<String> cidrs = PolicyDocs.values(rule.path("cidrBlocks"));
                cidrs.addAll(PolicyDocs.values(rule.path("ipv6CidrBlocks")));
                openPorts(cidrs, rule.path("protocol").asText(), rule.path("fromPort").asInt(0),
                    rule.path("toPort").asInt(0)).ifPresent(open::add);
            }
            out.add(Finding.of("EC2.18", sg.name(), open.isEmpty(), "no unrestricted ingress",
                "open to the internet on " + String.join(", ", open)));
        }
        for (Resource rule : plan.ofType(SG_RULE)) {
            if (!"ingress".equals(rule.str("type"))) {
                continue;
            }
            List<String> cidrs = rule.strings("cidrBlocks");
            cidrs.addAll(rule.strings("ipv6CidrBlocks"));
            Optional<String> open = openPorts(cidrs, rule.str("protocol"), (int) rule.num("fromPort", 0),
                (int) rule.num("toPort", 0));
            out.add(Finding.of("EC2.18", rule.name(), open.isEmpty(), "no unrestricted ingress",
                "open to the internet on " + open.orElse("")));
        }
        for (Resource rule : plan.ofType(INGRESS_RULE)) {
            List<String> cidrs = new ArrayList<>(List.of(rule.str("cidrIpv4"), rule.str("cidrIpv6")));
            Optional<String> open = openPorts(cidrs, rule.str("ipProtocol"), (int) rule.num("fromPort", 0),
                (int) rule.num("toPort", 0));
            out.add(Finding.of("EC2.18", rule.name(), open.isEmpty(), "no unrestricted ingress",
                "open to the internet on " + open.orElse("")));
        }
        return out;
    }

    /** The port range a rule opens to 0.0.0.0/0 or ::/0 beyond 80/443, if any. */
    private static Optional<String> openPorts(List<String> cidrs, String protocol, int from, int to) {
        boolean anywhere = cidrs.contains("0.0.0.0/0") || cidrs.contains("::/0");
        if (!anywhere) {
            return Optional.empty();
        }
        boolean allPorts = "-1".equals(protocol) || "all".equalsIgnoreCase(protocol);
        if (!allPorts && from == to && AUTHORISED_OPEN_PORTS.contains(from)) {
            return Optional.empty();
        }
        return Optional.of(allPorts ? "all ports" : protocol + " " + from + (from == to ? "" : "-" + to));
    }

    /**
     * SSM.1 from the role's own permissions (its inline and in-plan customer policies), not from a managed policy's
     * name: the agent must be allowed to register and to open Session Manager's channels. Reachability first: with
     * neither a NAT gateway nor the ssm, ssmmessages and ec2messages endpoints the agent cannot register, the stack
     * grants nothing for it, and the finding is CHECK (whether to have Session Manager is the stack's decision).
     */
    private static List<Finding> ssmManaged(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource i : plan.ofType(INSTANCE)) {
            Optional<Resource> profile = plan.resolve(i.str("iamInstanceProfile"), PROFILE);
            if (i.str("iamInstanceProfile").isEmpty()) {
                out.add(Finding.fail("SSM.1", i.name(), "no instance profile, so the SSM agent cannot register"));
                continue;
            }
            if (profile.isEmpty()) {
                out.add(Finding.check("SSM.1", i.name(), "instance profile " + i.str("iamInstanceProfile")
                    + " is not in this plan"));
                continue;
            }
            Optional<String> unreachable = ssmUnreachable(plan);
            if (unreachable.isPresent()) {
                out.add(Finding.check("SSM.1", i.name(), unreachable.get()));
                continue;
            }
            String role = profile.get().str("role");
            List<String> missing = new ArrayList<>(SSM_AGENT_ACTIONS);
            for (JsonNode policy : rolePolicies(plan, role)) {
                for (JsonNode st : PolicyDocs.statements(policy)) {
                    if ("Allow".equals(st.path("Effect").asText())) {
                        List<String> actions = PolicyDocs.values(st.path("Action"));
                        missing.removeIf(needed -> actions.stream().anyMatch(a -> actionMatches(a, needed)));
                    }
                }
            }
            out.add(Finding.of("SSM.1", i.name(), missing.isEmpty(),
                "role " + role + " allows the SSM agent to register and open sessions; SSM reachable in the VPC",
                "instance role " + role + " does not allow " + String.join(", ", missing)
                    + " (the SSM agent's Session Manager permissions)"));
        }
        return out;
    }

    /** What the SSM agent needs to register and serve Session Manager (Session Manager docs, instance permissions). */
    static final List<String> SSM_AGENT_ACTIONS = List.of("ssm:UpdateInstanceInformation",
        "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel");

    private static boolean actionMatches(String pattern, String action) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.CASE_INSENSITIVE)
            .matcher(action).matches();
    }

    /** The identity policy documents of {@code role} in the plan: RolePolicy, inline policies, attached Policy. */
    private static List<JsonNode> rolePolicies(PlanView plan, String role) {
        List<JsonNode> out = new ArrayList<>();
        for (Resource p : plan.ofType(IamRules.ROLE_POLICY)) {
            if (refersToRole(plan, p.str("role"), role)) {
                out.add(p.at("policy"));
            }
        }
        plan.resolve(role, ROLE).ifPresent(r -> r.at("inlinePolicies").forEach(inline -> out.add(inline.path("policy"))));
        for (Resource a : plan.ofType(ATTACHMENT)) {
            if (refersToRole(plan, a.str("role"), role)) {
                plan.resolve(a.str("policyArn"), IamRules.POLICY).ifPresent(p -> out.add(p.at("policy")));
            }
        }
        return out;
    }

    /** Why the agent could not reach SSM from this plan's VPC, or empty when a NAT or all three endpoints exist. */
    private static Optional<String> ssmUnreachable(PlanView plan) {
        if (!plan.ofType("aws:ec2/natGateway:NatGateway").isEmpty()) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>(List.of("ssm", "ssmmessages", "ec2messages"));
        for (Resource e : plan.ofType("aws:ec2/vpcEndpoint:VpcEndpoint")) {
            String service = e.str("serviceName");
            missing.remove(service.substring(service.lastIndexOf('.') + 1));
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("no NAT and no " + String.join("/", missing)
            + " endpoint in this plan: the agent cannot register unless the VPC provides them, so the stack grants it"
            + " nothing");
    }

    private static boolean refersToRole(PlanView plan, String ref, String role) {
        if (ref.equals(role)) {
            return true;
        }
        Optional<Resource> a = plan.resolve(ref, ROLE);
        return a.isPresent() && a.equals(plan.resolve(role, ROLE));
    }
}
