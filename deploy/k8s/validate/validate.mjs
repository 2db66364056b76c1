// Checks rendered Kubernetes manifests offline (deploy/k8s/validate.sh renders them and runs this).
//
//   node validate.mjs --secrets <install.sh --print output> --dockerfile <Dockerfile.jvm> --edge-dockerfile <Dockerfile.edge>
//        [--check <profile> <rendered.yaml>]... [--fixture <profile> <rendered.yaml> <expect file>]...
//
// <profile> is development or production. Every object of a file is checked
//   1. against the Kubernetes OpenAPI schema (kubernetes-models: types, required fields, enums, formats),
//   2. for fields the schema does not know (the property lists of @kubernetes/client-node's models; a typo such as
//      `readinesProbe` is otherwise dropped silently by the schema check and refused by `kubectl apply`),
//   3. against the project's rules (rules() below: probes, resources and the JVM heap, security contexts, graceful
//      shutdown, references to Secrets and ConfigMaps, network reachability; in production replicas,
//      PodDisruptionBudgets, the edge's HorizontalPodAutoscaler and no database pods).
// A --check passes with no finding; a --fixture (a deliberately broken render) passes when one of its findings
// contains the text of its expect file. Prints the findings and "N passed, M failed"; exits 1 when any failed.
import fs from "node:fs";
import yaml from "js-yaml";
import * as clientModels from "@kubernetes/client-node/dist/gen/models/all.js";

// ---------------------------------------------------------------------------------------------------------------
// arguments

const args = process.argv.slice(2);
let secretsFile = null;
let dockerfile = null;
let edgeDockerfile = null;
const inputs = [];
const profiles = ["development", "production"];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--secrets") secretsFile = args[++i];
  else if (args[i] === "--dockerfile") dockerfile = args[++i];
  else if (args[i] === "--edge-dockerfile") edgeDockerfile = args[++i];
  else if (args[i] === "--check") inputs.push({ profile: args[++i], file: args[++i] });
  else if (args[i] === "--fixture") inputs.push({ profile: args[++i], file: args[++i], expect: fs.readFileSync(args[++i], "utf8").trim() });
  else {
    console.error(`validate.mjs: unknown argument ${args[i]}`);
    process.exit(2);
  }
}
if (!secretsFile || !dockerfile || !edgeDockerfile || inputs.length === 0 || inputs.some((x) => !profiles.includes(x.profile) || !x.file)) {
  console.error("usage: node validate.mjs --secrets <file> --dockerfile <file> --edge-dockerfile <file> [--check <development|production> <file>]... [--fixture <profile> <file> <expect>]...");
  process.exit(2);
}

// Secret name -> set of keys, as deploy/k8s/install.sh generates them
const generatedSecrets = new Map();
for (const doc of yaml.loadAll(fs.readFileSync(secretsFile, "utf8"))) {
  if (doc && doc.kind === "Secret") generatedSecrets.set(doc.metadata.name, new Set(Object.keys(doc.data || {})));
}
// an image's JAVA_OPTS (the Dockerfile's ENV line) and the flags of it that a Deployment replacing JAVA_OPTS must keep
function imageJavaOptions(file) {
  const m = fs.readFileSync(file, "utf8").match(/^ENV JAVA_OPTS="([^"]*)"/m);
  if (!m) throw new Error(`${file} has no ENV JAVA_OPTS="..." line`);
  const keep = m[1].split(/\s+/).filter((f) => f && !f.startsWith("-XX:MaxRAMPercentage") && !f.startsWith("-Xmx"));
  return { file: file.replace(/^.*\/(deploy\/docker\/)/, "$1"), line: m[1], keep };
}
const appImageOptions = imageJavaOptions(dockerfile);
const edgeImageOptions = imageJavaOptions(edgeDockerfile);
// an image built from Dockerfile.jvm or, for edgeworks/edge-node, Dockerfile.edge (registry.example.com/edgeworks/<app>,
// or your registry's edgeworks/<app>)
const isAppImage = (c) => /\/edgeworks\//.test(c.image ?? "");
const imageOptions = (c) => (/\/edgeworks\/edge-node(:|@|$)/.test(c.image ?? "") ? edgeImageOptions : appImageOptions);

// ---------------------------------------------------------------------------------------------------------------
// 1 and 2: schemas

function modelPath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  return `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
}

async function schemaErrors(doc) {
  let mod;
  try {
    mod = await import(modelPath(doc.apiVersion, doc.kind));
  } catch {
    return [`no schema for ${doc.apiVersion} ${doc.kind} (not a Kubernetes ${doc.apiVersion} kind)`];
  }
  const Model = mod[doc.kind] || mod.default;
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    return String(e.message).split(/,\s*(?=data)/).map((m) => `schema: ${m.replace(/^data/, "")}`);
  }
}

// the name of the client model of a top-level object: V1Deployment, V2HorizontalPodAutoscaler, ...
function rootModel(doc) {
  const version = doc.apiVersion.split("/").pop();
  const name = version[0].toUpperCase() + version.slice(1) + doc.kind;
  return clientModels[name] ? name : null;
}

// fields the schema does not define, recursively (the schemas allow unknown properties; the API server does not)
function unknownFields(value, type, path, out) {
  if (value === null || value === undefined || typeof type !== "string") return;
  const array = type.match(/^Array<(.+)>$/);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, array[1], `${path}[${i}]`, out));
    return;
  }
  const map = type.match(/^\{ \[key: string\]: (.+); \}$/);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) unknownFields(v, map[1], `${path}.${k}`, out);
    return;
  }
  const model = clientModels[type];
  if (!model || typeof model.getAttributeTypeMap !== "function") return;
  if (typeof value !== "object" || Array.isArray(value)) return; // a wrong type: the schema check reports it
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (!attributes.has(k)) out.push(`${path}.${k}: unknown field (${type} has no '${k}')`);
    else unknownFields(v, attributes.get(k), `${path}.${k}`, out);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// helpers

const NAMESPACE = "edgeworks";
const APPS = ["platform-api", "edge-node", "tenant-admin"];
const id = (doc) => `${doc.kind}/${doc.metadata?.name}`;
const workloads = (docs) => docs.filter((d) => ["Deployment", "StatefulSet", "DaemonSet"].includes(d.kind));
const podSpec = (w) => w.spec?.template?.spec ?? {};
const podLabels = (w) => w.spec?.template?.metadata?.labels ?? {};
const envOf = (c, name) => (c.env ?? []).find((e) => e.name === name);
const envValue = (c, name) => envOf(c, name)?.value;

function quantityBytes(q) {
  const m = String(q).match(/^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/);
  if (!m) return NaN;
  const units = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? units[m[2]] : 1);
}
const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;

function durationSeconds(value) {
  if (value === undefined || value === null || value === "") return 0;
  const s = String(value).trim();
  let m = s.match(/^(\d+(?:\.\d+)?)(ms|s|m|h)?$/);
  if (m) return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? "s"];
  m = s.match(/^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i);
  if (m) return (Number(m[1] ?? 0) * 3600) + (Number(m[2] ?? 0) * 60) + Number(m[3] ?? 0);
  return NaN;
}

function selectorMatches(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function ipv4(s) {
  return s.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}
function inCidr(ip, cidr) {
  const [base, bits] = cidr.split("/");
  if (base.includes(":") || ip.includes(":")) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base) / size);
}

// the port a probe handler points at, resolved against the container's ports (name or number)
function probePort(container, probe) {
  const handler = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
  if (!handler) return { exec: true };
  const port = handler.port;
  if (typeof port === "number") return { number: port, declared: (container.ports ?? []).some((p) => p.containerPort === port) };
  const named = (container.ports ?? []).find((p) => p.name === port);
  return named ? { number: named.containerPort, declared: true } : { name: port, declared: false };
}

function javaHeap(container, limitBytes) {
  // the container's own options, else the image's (Dockerfile.jvm) for an app image
  const opts = envValue(container, "JAVA_OPTS") ?? envValue(container, "JAVA_OPTS_KC_HEAP") ??
    (isAppImage(container) ? imageOptions(container).line : undefined);
  if (opts === undefined) return null;
  const xmx = opts.match(/-Xmx(\d+)([kKmMgG])?/);
  if (xmx) return { opts, heap: Number(xmx[1]) * { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[(xmx[2] ?? "").toLowerCase()] || Number(xmx[1]) };
  const pct = opts.match(/-XX:MaxRAMPercentage=([0-9.]+)/);
  if (pct) return { opts, percent: Number(pct[1]), heap: (limitBytes * Number(pct[1])) / 100 };
  return { opts, heap: null };
}

// ---------------------------------------------------------------------------------------------------------------
// network policies: which connections the rendered policies allow

function podsOf(docs, namespaceLabels) {
  let n = 10;
  return workloads(docs).map((w) => ({
    name: w.metadata.name,
    ns: w.metadata.namespace,
    nsLabels: namespaceLabels,
    labels: podLabels(w),
    ip: `10.244.0.${n++}`,
    inRender: true,
  }));
}

function peerMatches(peer, policyNs, target) {
  if (peer.ipBlock) {
    if (!target.ip || !inCidr(target.ip, peer.ipBlock.cidr)) return false;
    return !(peer.ipBlock.except ?? []).some((c) => inCidr(target.ip, c));
  }
  if (!target.ns) return false; // outside the cluster: only ipBlock peers match it
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, target.nsLabels ?? {})) return false;
  } else if (target.ns !== policyNs) return false;
  return peer.podSelector ? selectorMatches(peer.podSelector, target.labels ?? {}) : true;
}

function portMatches(ports, port, protocol) {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? "TCP") === protocol &&
    (p.port === undefined || (p.endPort !== undefined ? port >= p.port && port <= p.endPort : p.port === port)));
}

function allowed(policies, direction, subject, other, port, protocol) {
  // subject: the pod the policies select; other: the peer at the far end
  const type = direction === "egress" ? "Egress" : "Ingress";
  const selecting = policies.filter((p) => p.metadata.namespace === subject.ns &&
    selectorMatches(p.spec.podSelector ?? {}, subject.labels) &&
    (p.spec.policyTypes ?? ["Ingress", ...(p.spec.egress ? ["Egress"] : [])]).includes(type));
  if (selecting.length === 0) return true; // not isolated in that direction
  return selecting.some((p) => (p.spec[direction] ?? []).some((rule) => {
    const peers = direction === "egress" ? rule.to : rule.from;
    return (!peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, p.metadata.namespace, other))) &&
      portMatches(rule.ports, port, protocol);
  }));
}

function reachable(policies, from, to, port, protocol = "TCP") {
  // egress is decided by the source's policies when it is in the render; ingress by the target's when it is
  const out = !from.inRender || allowed(policies, "egress", from, to, port, protocol);
  const inbound = !to.inRender || allowed(policies, "ingress", to, from, port, protocol);
  return out && inbound;
}

// ---------------------------------------------------------------------------------------------------------------
// 3: the project's rules

function rules(docs, profile) {
  const errors = [];
  const err = (where, msg) => errors.push(`${where}: ${msg}`);
  const configMaps = new Map(docs.filter((d) => d.kind === "ConfigMap").map((d) => [d.metadata.name, d]));
  const deployments = docs.filter((d) => d.kind === "Deployment");
  const namespace = docs.find((d) => d.kind === "Namespace" && d.metadata.name === NAMESPACE);

  // objects: one namespace, no Secret committed
  if (!namespace) err("Namespace/" + NAMESPACE, "missing");
  for (const d of docs) {
    if (d.kind === "Secret") err(id(d), "a Secret is committed: install.sh generates every Secret");
    if (d.kind !== "Namespace" && d.metadata?.namespace !== NAMESPACE) err(id(d), `namespace is '${d.metadata?.namespace}', not '${NAMESPACE}'`);
  }
  for (const cm of configMaps.values()) {
    for (const key of Object.keys(cm.data ?? {})) {
      if (/PASSWORD|SECRET|PRIVATE_KEY|SECRETS_KEY|CSRF_KEY|TOKEN/.test(key)) err(id(cm), `secret-looking key ${key} in a ConfigMap`);
    }
  }

  for (const w of workloads(docs)) {
    const where = id(w);
    const spec = podSpec(w);
    const annotations = w.metadata.annotations ?? {};
    // Services' pods and databases: security context of the "restricted" Pod Security Standard
    if (spec.automountServiceAccountToken !== false) err(where, "automountServiceAccountToken must be false (no app talks to the Kubernetes API)");
    if (spec.hostNetwork || spec.hostPID || spec.hostIPC) err(where, "host namespaces are not allowed");
    for (const v of spec.volumes ?? []) if (v.hostPath) err(where, `volume ${v.name}: hostPath is not allowed`);
    const podSc = spec.securityContext ?? {};
    for (const c of spec.initContainers ?? []) {
      const sc = c.securityContext ?? {};
      if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true || sc.privileged || sc.allowPrivilegeEscalation !== false ||
          !(sc.capabilities?.drop ?? []).includes("ALL")) {
        err(`${where} init container ${c.name}`, "must run non-root, unprivileged, with no privilege escalation and all capabilities dropped");
      }
    }
    for (const c of spec.containers ?? []) {
      const cw = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) err(cw, "runAsNonRoot must be true");
      if ((sc.runAsUser ?? podSc.runAsUser) === 0) err(cw, "runAsUser 0 (root)");
      if (sc.privileged) err(cw, "privileged");
      if (sc.allowPrivilegeEscalation !== false) err(cw, "allowPrivilegeEscalation must be false");
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) err(cw, "capabilities must drop ALL");
      if ((sc.capabilities?.add ?? []).some((cap) => cap !== "NET_BIND_SERVICE")) err(cw, `capabilities added: ${sc.capabilities.add}`);
      const seccomp = (sc.seccompProfile ?? podSc.seccompProfile)?.type;
      if (!["RuntimeDefault", "Localhost"].includes(seccomp)) err(cw, `seccompProfile must be RuntimeDefault (is ${seccomp})`);
      if (sc.readOnlyRootFilesystem !== true && !annotations["edgeworks.io/writable-root-filesystem"]) {
        err(cw, "readOnlyRootFilesystem must be true (or the workload names why not in annotation edgeworks.io/writable-root-filesystem)");
      }

      // probes, on declared ports
      for (const kind of ["readinessProbe", "livenessProbe"]) if (!c[kind]) err(cw, `no ${kind}`);
      const heap = javaHeap(c, quantityBytes(c.resources?.limits?.memory ?? "0"));
      if (heap && !c.startupProbe) err(cw, "no startupProbe (a JVM app: liveness must not count its start)");
      for (const kind of ["readinessProbe", "livenessProbe", "startupProbe"]) {
        if (!c[kind]) continue;
        const port = probePort(c, c[kind]);
        if (!port.exec && !port.declared) err(cw, `${kind} port ${port.name ?? port.number} is not a port of the container`);
      }
      if (w.metadata.name === "edge-node") {
        const management = Number(envValue(c, "EDGE_MANAGEMENT_PORT") ?? 9000);
        for (const kind of ["readinessProbe", "livenessProbe", "startupProbe"]) {
          const port = c[kind] && probePort(c, c[kind]);
          if (port && port.number !== management) err(cw, `${kind} must use the management port ${management} (the edge serves health there only), not ${port.number ?? port.name}`);
        }
      }
      if (w.metadata.name === "keycloak") {
        for (const kind of ["readinessProbe", "livenessProbe", "startupProbe"]) {
          const port = c[kind] && probePort(c, c[kind]);
          if (port && port.number !== 9000) err(cw, `${kind} must use Keycloak's management port 9000, not ${port.number ?? port.name}`);
        }
      }

      // resources, and the JVM's heap inside the memory limit
      const res = c.resources ?? {};
      if (!res.requests?.cpu) err(cw, "no CPU request");
      if (!res.requests?.memory) err(cw, "no memory request");
      if (!res.limits?.memory) err(cw, "no memory limit");
      if (heap) {
        const limit = quantityBytes(res.limits?.memory ?? "0");
        if (res.requests?.memory && quantityBytes(res.requests.memory) !== limit) {
          err(cw, `memory request ${res.requests.memory} != limit ${res.limits?.memory}: a JVM keeps its heap, request what it may use`);
        }
        if (heap.heap === null) err(cw, "JAVA_OPTS sets neither -Xmx nor -XX:MaxRAMPercentage: the heap must be tied to the memory limit");
        else if (limit > 0) {
          const rest = limit - heap.heap;
          const floor = w.metadata.name === "edge-node" ? 2 ** 30 : 384 * 2 ** 20;
          if (rest < floor) {
            err(cw, `heap ${mib(heap.heap)} leaves ${mib(rest)} of the ${res.limits.memory} limit outside the heap; ` +
              `${mib(floor)} at least (metaspace, code cache, threads, direct buffers)`);
          }
          if (heap.percent !== undefined && heap.percent > 75) err(cw, `-XX:MaxRAMPercentage=${heap.percent} above 75`);
        }
        if (isAppImage(c) && envValue(c, "JAVA_OPTS") !== undefined) {
          const flags = envValue(c, "JAVA_OPTS").split(/\s+/);
          const image = imageOptions(c);
          for (const f of image.keep) if (!flags.includes(f)) err(cw, `JAVA_OPTS replaces the image's and drops its flag ${f} (${image.file})`);
        }
      }

      // graceful shutdown: preStop drain + the app's shutdown timeout within the grace period
      const preStop = c.lifecycle?.preStop;
      if (w.kind === "Deployment" && !preStop) err(cw, "no preStop hook: the pod would stop before load balancers stop sending to it");
      if (preStop) {
        let sleep = preStop.sleep?.seconds;
        const cmd = preStop.exec?.command ?? [];
        if (sleep === undefined && cmd[0] === "sleep") sleep = Number(cmd[1]);
        if (sleep === undefined) err(cw, "preStop must sleep (sleep action) so endpoints drop the pod first");
        const timeout = durationSeconds(envValue(c, "QUARKUS_SHUTDOWN_TIMEOUT"));
        const delay = durationSeconds(envValue(c, "QUARKUS_SHUTDOWN_DELAY"));
        if (heap && isAppImage(c) && envValue(c, "QUARKUS_SHUTDOWN_TIMEOUT") === undefined) {
          err(cw, "QUARKUS_SHUTDOWN_TIMEOUT not set: the bound of in-flight requests at shutdown must be stated");
        }
        const grace = spec.terminationGracePeriodSeconds ?? 30;
        const needed = (sleep ?? 0) + delay + timeout + 5;
        if (Number.isNaN(timeout) || Number.isNaN(delay)) err(cw, "QUARKUS_SHUTDOWN_TIMEOUT/DELAY is not a duration");
        else if (grace < needed) {
          err(cw, `terminationGracePeriodSeconds ${grace} < preStop ${sleep}s + shutdown delay ${delay}s + shutdown timeout ${timeout}s + 5s margin (${needed}s): requests would be killed`);
        }
      }

      // references to Secrets (install.sh generates them) and ConfigMaps (in the render)
      const secretRef = (name, key, optional, what) => {
        if (optional) return;
        if (!generatedSecrets.has(name)) err(cw, `${what}: Secret ${name} is not one install.sh creates`);
        else if (key && !generatedSecrets.get(name).has(key)) err(cw, `${what}: Secret ${name} has no key ${key}`);
      };
      const configRef = (name, key, optional, what) => {
        if (optional) return;
        if (!configMaps.has(name)) err(cw, `${what}: no ConfigMap ${name} in the render`);
        else if (key && !Object.hasOwn({ ...configMaps.get(name).data, ...configMaps.get(name).binaryData }, key)) err(cw, `${what}: ConfigMap ${name} has no key ${key}`);
      };
      for (const e of c.env ?? []) {
        if (/PASSWORD|SECRET|PRIVATE_KEY|SECRETS_KEY|CSRF_KEY|TOKEN/.test(e.name) && e.value !== undefined) err(cw, `env ${e.name} is a literal: it must come from a Secret`);
        const s = e.valueFrom?.secretKeyRef;
        if (s) secretRef(s.name, s.key, s.optional, `env ${e.name}`);
        const m = e.valueFrom?.configMapKeyRef;
        if (m) configRef(m.name, m.key, m.optional, `env ${e.name}`);
      }
      for (const f of c.envFrom ?? []) {
        if (f.secretRef) secretRef(f.secretRef.name, null, f.secretRef.optional, "envFrom");
        if (f.configMapRef) configRef(f.configMapRef.name, null, f.configMapRef.optional, "envFrom");
      }
    }
    for (const v of spec.volumes ?? []) {
      if (v.secret && !v.secret.optional && !generatedSecrets.has(v.secret.secretName)) err(where, `volume ${v.name}: Secret ${v.secret.secretName} is not one install.sh creates`);
      if (v.configMap && !v.configMap.optional && !configMaps.has(v.configMap.name)) err(where, `volume ${v.name}: no ConfigMap ${v.configMap.name} in the render`);
    }
    if (w.kind === "Deployment") {
      const ru = w.spec.strategy?.rollingUpdate;
      if ((w.spec.strategy?.type ?? "RollingUpdate") !== "RollingUpdate" || ru?.maxUnavailable === undefined || String(ru.maxUnavailable) !== "0") {
        err(where, "strategy must be RollingUpdate with maxUnavailable 0 (a new pod is ready before an old one leaves)");
      }
    }
  }

  // every app and Keycloak is there; Services select pods and name their ports
  for (const name of [...APPS, "keycloak"]) if (!deployments.some((d) => d.metadata.name === name)) err(`Deployment/${name}`, "missing");
  for (const svc of docs.filter((d) => d.kind === "Service")) {
    const targets = workloads(docs).filter((w) => selectorMatches({ matchLabels: svc.spec.selector ?? {} }, podLabels(w)));
    if (targets.length === 0) {
      if (Object.keys(svc.spec.selector ?? {}).length > 0) err(id(svc), "selects no pod of the render");
      continue;
    }
    for (const p of svc.spec.ports ?? []) {
      if (typeof p.targetPort === "string" && !targets.every((w) => podSpec(w).containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort)))) {
        err(id(svc), `targetPort ${p.targetPort} is not a named port of the pods it selects`);
      }
    }
  }

  // Keycloak: production mode on its own database, realm imported
  const keycloak = deployments.find((d) => d.metadata.name === "keycloak");
  if (keycloak) {
    const c = podSpec(keycloak).containers[0];
    if ((c.args ?? [])[0] !== "start") err("Deployment/keycloak", `must run 'start' (production mode), runs ${JSON.stringify(c.args)}`);
    if (envValue(c, "KC_DB") !== "postgres") err("Deployment/keycloak", "KC_DB must be postgres");
    if (envValue(c, "KC_HEALTH_ENABLED") !== "true") err("Deployment/keycloak", "KC_HEALTH_ENABLED must be true (probes on 9000)");
    const config = configMaps.get("edgeworks-config")?.data ?? {};
    const host = (url) => (url ?? "").replace(/^jdbc:/, "").replace(/^[a-z]+:\/\//, "").split(/[/:?]/)[0];
    if (config.KC_DB_URL && host(config.KC_DB_URL) === host(config.PLATFORM_DB_JDBC_URL)) err("Deployment/keycloak", "KC_DB_URL is the platform's database server: Keycloak has its own");
    const realm = configMaps.get("keycloak-realm")?.data?.["platform-realm.json"];
    if (!realm) err("ConfigMap/keycloak-realm", "missing (the production realm Keycloak imports)");
    else if (!/"bruteForceProtected": true/.test(realm)) err("ConfigMap/keycloak-realm", "the realm has no brute-force protection");
  }

  // network policies
  const policies = docs.filter((d) => d.kind === "NetworkPolicy");
  if (!policies.some((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && !p.spec.ingress && !p.spec.egress &&
      ["Ingress", "Egress"].every((t) => (p.spec.policyTypes ?? []).includes(t)))) {
    err("NetworkPolicy", "no default-deny policy (podSelector {}, policyTypes Ingress and Egress, no rules)");
  }
  const nsLabels = { ...(namespace?.metadata?.labels ?? {}), "kubernetes.io/metadata.name": NAMESPACE };
  const pods = podsOf(docs, nsLabels);
  const pod = (name) => pods.find((p) => p.name === name);
  // a data service: the render's pod in development, else where production's operators run it
  const data = (peer) => pods.find((p) => p.labels["edgeworks.io/peer"] === peer) ??
    { name: peer, ns: "edgeworks-data", nsLabels: { "edgeworks.io/data": "true", "kubernetes.io/metadata.name": "edgeworks-data" }, labels: { "edgeworks.io/peer": peer }, ip: "10.244.9.9", inRender: false };
  const dns = { name: "kube-dns", ns: "kube-system", nsLabels: { "kubernetes.io/metadata.name": "kube-system" }, labels: { "k8s-app": "kube-dns" }, ip: "10.244.8.8", inRender: false };
  const ingressController = { name: "ingress controller", ns: "ingress-nginx", nsLabels: { "kubernetes.io/metadata.name": "ingress-nginx" }, labels: {}, ip: "10.244.7.7", inRender: false };
  const internet = { name: "an internet host", ip: "198.51.100.7", inRender: false };
  const address = (name, ip) => ({ name, ip, inRender: false });
  const expect = (from, to, port, protocol, want, why) => {
    if (!from || !to) return;
    const got = reachable(policies, from, to, port, protocol);
    if (got !== want) err("NetworkPolicy", `${from.name} ${got ? "can" : "cannot"} reach ${to.name} on ${port}/${protocol}: ${why}`);
  };
  const edge = pod("edge-node"), api = pod("platform-api"), admin = pod("tenant-admin"), kc = pod("keycloak");
  // the edge runs tenant code: Redis, DNS and the internet; nothing else of the cluster
  expect(edge, data("redis"), 6379, "TCP", true, "the edge reads its state from Redis");
  expect(edge, dns, 53, "UDP", true, "the edge resolves names for fetch()");
  expect(edge, internet, 443, "TCP", true, "tenants' fetch() reaches the internet");
  expect(edge, data("postgres"), 5432, "TCP", false, "the edge must never reach PostgreSQL");
  expect(edge, data("keycloak-db"), 5432, "TCP", false, "the edge must never reach Keycloak's database");
  for (const port of [8080, 9000]) expect(edge, kc, port, "TCP", false, "the edge must never reach Keycloak");
  expect(edge, api, 8080, "TCP", false, "the edge must never reach platform-api");
  expect(edge, admin, 8082, "TCP", false, "the edge must never reach tenant-admin");
  expect(edge, address("a pod address (10.0.0.0/8)", "10.244.3.3"), 5432, "TCP", false, "the edge's internet rule must exclude the cluster's pod addresses");
  expect(edge, address("a service address (10.96.0.0/12)", "10.96.0.10"), 443, "TCP", false, "the edge's internet rule must exclude the cluster's service addresses");
  expect(edge, address("the cloud metadata service", "169.254.169.254"), 80, "TCP", false, "tenant code must never reach the metadata service");
  expect(internet, edge, 8081, "TCP", true, "clients reach the edge over HTTP");
  expect(internet, edge, 8443, "TCP", true, "clients reach the edge over HTTPS");
  expect(internet, edge, 9000, "TCP", false, "the edge's management port is not public");
  expect(edge, edge, 8081, "TCP", true, "a worker fetches another's public hostname: kube-proxy hands load-balancer traffic straight to an edge pod");
  expect(edge, edge, 9000, "TCP", false, "tenant code never reaches a node's management port");
  expect(api, edge, 8081, "TCP", true, "custom domains' HTTP proofs reach the edge the domain points at");
  // the API: PostgreSQL, Redis, Keycloak, DNS, the ACME directory
  expect(api, data("postgres"), 5432, "TCP", true, "platform-api stores everything in PostgreSQL");
  expect(api, data("redis"), 6379, "TCP", true, "platform-api publishes to Redis");
  expect(api, kc, 8080, "TCP", true, "platform-api fetches Keycloak's token keys");
  expect(api, dns, 53, "UDP", true, "platform-api resolves names");
  expect(api, internet, 443, "TCP", true, "platform-api orders certificates from the ACME directory");
  expect(api, data("keycloak-db"), 5432, "TCP", false, "platform-api has no business in Keycloak's database");
  expect(api, address("the cloud metadata service", "169.254.169.254"), 80, "TCP", false, "no app reaches the metadata service");
  expect(ingressController, api, 8080, "TCP", true, "the ingress controller serves the API");
  expect(internet, api, 8080, "TCP", false, "platform-api is reached through the ingress controller only");
  // the portal and Keycloak
  expect(admin, api, 8080, "TCP", true, "the portal calls platform-api");
  expect(admin, kc, 8080, "TCP", true, "the portal signs people in through Keycloak");
  expect(admin, data("postgres"), 5432, "TCP", false, "the portal never reaches PostgreSQL");
  expect(ingressController, admin, 8082, "TCP", true, "the ingress controller serves the portal");
  expect(kc, data("keycloak-db"), 5432, "TCP", true, "Keycloak stores its realm in its database");
  expect(kc, data("postgres"), 5432, "TCP", false, "Keycloak never reaches the platform's database");
  expect(kc, kc, 7800, "TCP", true, "Keycloak replicas form one cache cluster");
  expect(ingressController, kc, 8080, "TCP", true, "people reach Keycloak through the ingress controller");
  expect(internet, kc, 8080, "TCP", false, "Keycloak is reached through the ingress controller only");

  if (profile === "production") {
    // no database pods: PostgreSQL and Redis run from operators
    for (const w of workloads(docs)) {
      if (w.kind === "StatefulSet") err(id(w), "production ships no StatefulSet: PostgreSQL and Redis run from operators (deploy/k8s/README.md)");
      for (const c of podSpec(w).containers ?? []) {
        if (/(^|\/)(postgres|redis|valkey)(:|@|$)/.test(c.image ?? "")) err(id(w), `production runs no database image (${c.image})`);
      }
    }
    const hpas = docs.filter((d) => d.kind === "HorizontalPodAutoscaler");
    const pdbs = docs.filter((d) => d.kind === "PodDisruptionBudget");
    for (const d of deployments) {
      const where = id(d);
      const hpa = hpas.find((h) => h.spec.scaleTargetRef?.kind === "Deployment" && h.spec.scaleTargetRef?.name === d.metadata.name);
      const replicas = hpa ? hpa.spec.minReplicas ?? 1 : d.spec.replicas ?? 1;
      if (replicas < 2) err(where, `${replicas} replica(s)${hpa ? " (HPA minReplicas)" : ""}: production runs at least 2`);
      const matching = pdbs.filter((p) => selectorMatches(p.spec.selector, podLabels(d)));
      if (matching.length !== 1) err(where, `${matching.length} PodDisruptionBudgets select its pods: exactly one`);
      for (const p of matching) {
        const ok = p.spec.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) !== "0" && p.spec.maxUnavailable !== "0%"
          : typeof p.spec.minAvailable === "number" && p.spec.minAvailable < replicas;
        if (!ok) err(id(p), "allows no disruption: node drains would block forever");
      }
    }
    const edgeHpa = hpas.find((h) => h.spec.scaleTargetRef?.name === "edge-node");
    if (!edgeHpa) err("HorizontalPodAutoscaler/edge-node", "missing (the edge scales on CPU)");
    else {
      if (edgeHpa.apiVersion !== "autoscaling/v2") err(id(edgeHpa), `apiVersion ${edgeHpa.apiVersion}: autoscaling/v2`);
      if (!(edgeHpa.spec.metrics ?? []).some((m) => m.type === "Resource" && m.resource?.name === "cpu")) err(id(edgeHpa), "no CPU metric");
      if (edgeHpa.spec.maxReplicas <= (edgeHpa.spec.minReplicas ?? 1)) err(id(edgeHpa), "maxReplicas must exceed minReplicas");
      const edgeDeployment = deployments.find((d) => d.metadata.name === "edge-node");
      if (edgeDeployment?.spec.replicas !== undefined) err("Deployment/edge-node", "sets replicas while its HPA owns the count (every apply would reset it)");
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------

let passed = 0;
let failed = 0;
for (const { profile, file, expect } of inputs) {
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter((d) => d && typeof d === "object");
  const findings = [];
  for (const doc of docs) {
    if (!doc.apiVersion || !doc.kind || !doc.metadata?.name) {
      findings.push(`an object without apiVersion, kind or metadata.name: ${JSON.stringify(doc).slice(0, 120)}`);
      continue;
    }
    for (const e of await schemaErrors(doc)) findings.push(`${id(doc)}: ${e}`);
    const model = rootModel(doc);
    const unknown = [];
    if (model) unknownFields(doc, model, "", unknown);
    for (const e of unknown) findings.push(`${id(doc)}: ${e.replace(/^\./, "")}`);
  }
  findings.push(...rules(docs, profile));
  if (expect === undefined) {
    if (findings.length === 0) {
      passed++;
      console.log(`PASS ${file} (${profile}): ${docs.length} objects valid against the Kubernetes schemas and the project's rules`);
    } else {
      failed++;
      console.log(`FAIL ${file} (${profile}): ${findings.length} finding(s)`);
      for (const f of findings) console.log(`  - ${f}`);
    }
  } else if (findings.some((f) => f.includes(expect))) {
    passed++;
    console.log(`PASS ${file} (broken on purpose): caught, ${findings.length} finding(s), including: ${expect}`);
  } else {
    failed++;
    console.log(`FAIL ${file} (broken on purpose): not caught as expected ("${expect}"); its findings:`);
    for (const f of findings) console.log(`  - ${f}`);
  }
}
console.log(`k8s: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
