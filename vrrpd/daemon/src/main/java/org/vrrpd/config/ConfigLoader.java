package org.vrrpd.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;

/**
 * Reads {@code /etc/vrrpd/vrrpd.yaml} into a validated {@link VrrpdConfig}, or fails with a
 * {@link ConfigException} listing every problem found as {@code FILE:LINE:COLUMN: reason}.
 *
 * <p>Reading happens in three passes so that errors can be collected rather than stopping at the first: the
 * YAML is read into a tree that remembers each node's position; each section, instance and check entry is
 * then bound on its own (unknown keys and wrong types); finally defaults are applied and ranges and
 * cross-setting rules checked, with each error placed at the offending key.
 *
 * <p>Check entries are bound to the {@link CheckFactory#configClass()} of the factory whose
 * {@link CheckFactory#type()} matches their {@code type:}; the factories come from {@link CheckTypes}.
 * The loader does not call {@link CheckFactory#create}: type-specific validation (files that must exist)
 * happens when the daemon builds the checks, see {@link CheckSpec#create()}.
 */
public final class ConfigLoader {

    private static final Set<String> ROOT_KEYS = Set.of("global", "instances", "sync_groups");

    private ConfigLoader() {
    }

    /** Loads a file with the check types found by {@link CheckTypes#discover()}. */
    public static VrrpdConfig load(Path file) throws ConfigException {
        return load(file, CheckTypes.discover());
    }

    public static VrrpdConfig load(Path file, CheckTypes types) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, 0,
                    "cannot read: " + e.getClass().getSimpleName() + " " + e.getMessage())));
        }
        return parse(text, file.toString(), types);
    }

    /** Parses YAML text; {@code fileName} is only used in messages. Uses {@link CheckTypes#discover()}. */
    public static VrrpdConfig parse(String yaml, String fileName) throws ConfigException {
        return parse(yaml, fileName, CheckTypes.discover());
    }

    public static VrrpdConfig parse(String yaml, String fileName, CheckTypes types) throws ConfigException {
        List<ConfigProblem> early = new ArrayList<>();
        LocatedTree tree;
        try {
            tree = LocatedTree.read(new YAMLFactory().createParser(yaml), fileName, early);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(fileName, 0, 0, "cannot read: " + e.getMessage())));
        }
        if (tree == null) {
            throw new ConfigException(early);
        }
        Findings findings = new Findings(tree, early);
        ConfigMapper mapper = types.mapper();
        JsonNode root = tree.root();
        GlobalConfig global = GlobalConfig.defaults();
        List<InstanceConfig> instances = new ArrayList<>();
        List<SyncGroupConfig> syncGroups = List.of();
        if (!root.isObject()) {
            findings.error("", "the file must be a mapping with the keys 'global' and 'instances'");
        } else {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!ROOT_KEYS.contains(key)) {
                    findings.error("/" + key, "unknown key '" + key + "' (expected one of: global, instances,"
                            + " sync_groups)");
                }
            }
            JsonNode globalNode = root.path("global");
            if (!globalNode.isMissingNode() && !globalNode.isNull()) {
                RawConfig.Global raw = findings.bind(mapper.binder(), globalNode, "/global", RawConfig.Global.class,
                        "global: ", types.types());
                if (raw != null) {
                    global = GlobalValidator.validate(raw, findings);
                }
            }
            instances = instances(root.path("instances"), findings, mapper, types);
            SyncGroupValidator groups = new SyncGroupValidator(findings, mapper, types);
            syncGroups = groups.validate(root.path("sync_groups"), root.path("instances"), instances);
            instances = groups.merge(instances, syncGroups);
            ScriptUsers.apply(instances, global.scriptUser());
        }
        if (findings.errorCount() > 0) {
            throw new ConfigException(findings.errors());
        }
        if (instances.isEmpty()) {
            findings.warn("", "no instances configured: the daemon will run but manage no virtual router");
        }
        return new VrrpdConfig(fileName, global, instances, findings.warnings(), syncGroups);
    }

    private static List<InstanceConfig> instances(JsonNode list, Findings findings, ConfigMapper mapper,
            CheckTypes types) {
        List<InstanceConfig> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            findings.error("/instances", "instances: expected a list of instances");
            return out;
        }
        Map<String, String> names = new HashMap<>();
        Map<String, String> routers = new HashMap<>();
        Map<String, String> vmacs = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String base = "/instances/" + i;
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                findings.error(base, "instance #" + (i + 1) + " must be a mapping");
                continue;
            }
            String display = node.path("name").isTextual() ? node.path("name").asText() : "#" + (i + 1);
            String ctx = "instance '" + display + "' ";
            RawConfig.Instance raw = findings.bind(mapper.binder(), node, base, RawConfig.Instance.class, ctx,
                    types.types());
            if (raw == null) {
                continue;
            }
            List<CheckSpec> checks = checks(raw.checks, base, ctx, findings, mapper, types);
            InstanceConfig instance = new InstanceValidator(findings, base, display).validate(raw, checks);
            if (instance == null) {
                continue;
            }
            String previous = names.putIfAbsent(instance.name(), base);
            if (previous != null) {
                findings.error(base + "/name", "duplicate instance name '" + instance.name() + "' (first defined"
                        + " at " + findings.locate(previous) + ")");
                continue;
            }
            String router = instance.interfaceName() + "/" + instance.family() + "/" + instance.vrid();
            String first = routers.putIfAbsent(router, base);
            if (first != null) {
                findings.error(base + "/vrid", ctx + "vrid " + instance.vrid() + " on " + instance.interfaceName()
                        + " (" + Spellings.family(instance.family()) + ") is already used by the instance at "
                        + findings.locate(first));
                continue;
            }
            if (instance.vmac()) {
                String vmacFirst = vmacs.putIfAbsent(instance.vmacInterface().get(), base);
                if (vmacFirst != null) {
                    findings.error(base + "/vmac_interface", ctx + "vmac interface " + instance.vmacInterface().get()
                            + " is already used by the instance at " + findings.locate(vmacFirst));
                    continue;
                }
            }
            out.add(instance);
        }
        return out;
    }

    /** Binds the check entries at {@code base}/checks (an instance's or a sync group's). */
    static List<CheckSpec> checks(List<JsonNode> entries, String base, String ctx, Findings findings,
            ConfigMapper mapper, CheckTypes types) {
        List<CheckSpec> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int j = 0; j < entries.size(); j++) {
            String pointer = base + "/checks/" + j;
            JsonNode node = entries.get(j);
            if (node == null || !node.isObject()) {
                findings.error(pointer, ctx + "check #" + (j + 1) + " must be a mapping with a 'type'");
                continue;
            }
            ObjectMapper binder = mapper.binder();
            String checkCtx = ctx + "check " + (node.path("name").isTextual() ? "'" + node.path("name").asText() + "'"
                    : "#" + (j + 1)) + ": ";
            CheckConfig config = findings.bind(binder, node, pointer, CheckConfig.class, checkCtx, types.types());
            if (config == null) {
                continue;
            }
            String type = node.path("type").asText();
            Optional<CheckFactory<?>> factory = types.factory(type);
            if (factory.isEmpty()) {
                findings.error(pointer + "/type", checkCtx + "unknown check type '" + type + "'");
                continue;
            }
            if (config.name() == null) {
                config.setName(type);
            }
            int before = findings.errorCount();
            InstanceValidator.checkCommon(findings, pointer, ctx, config);
            if (findings.errorCount() > before) {
                continue;
            }
            if (!names.add(config.name())) {
                findings.error(node.has("name") ? pointer + "/name" : pointer, ctx + "duplicate check name '"
                        + config.name() + "'" + (node.has("name") ? "" : " (give each " + type + " check a 'name')"));
                continue;
            }
            out.add(new CheckSpec(type, config.name(), config, factory.get(), mapper.normalize(config, node), node));
        }
        return out;
    }
}
