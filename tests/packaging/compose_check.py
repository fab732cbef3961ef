#!/usr/bin/python3
"""Validates compose/docker-compose.yml or compose/swarm-stack.yml with Debian's docker-compose
(`docker-compose -f FILE config`: schema, interpolation) and then checks that the services are
wired together as the README says. Exit 0 when all holds; else one line per finding.

    compose_check.py compose FILE   the docker-compose file (file_sd through a shared volume)
    compose_check.py stack FILE     the swarm stack (http_sd on the swarm-sd service)
    compose_check.py tasks FILE     the swarm stack of exporter tasks on an overlay network
"""
import os
import subprocess
import sys

import yaml

DEFAULT_WEB_PORT = "9475"
findings = []


def check(condition, message):
    if not condition:
        findings.append(message)


def compose_config(path, extra_env):
    """`docker-compose config` with the variables a user may leave unset unset, plus extra_env."""
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("SWARM_SD_") or k in ("DOCKER_GID", "CLUSTER", "REVISION"))}
    env.update(extra_env)
    return subprocess.run(["docker-compose", "-f", path, "config"], capture_output=True, text=True,
                          env=env, cwd=os.path.dirname(path))


def normalized(path):
    """What docker-compose makes of the file, with the one required variable (DOCKER_GID) set;
    and that without it, docker-compose refuses with a message naming it."""
    missing = compose_config(path, {})
    check(missing.returncode != 0 and "DOCKER_GID" in missing.stderr,
          "without DOCKER_GID the file is accepted (a guessed group fails later, silently)")
    run = compose_config(path, {"DOCKER_GID": "4242"})
    # docker-compose itself ignores a stack's `configs` and says so; only `docker stack` uses them.
    stderr = "\n".join(line for line in run.stderr.splitlines()
                       if "use the 'configs' key, which will be ignored" not in line)
    if run.returncode != 0 or stderr.strip():
        print(f"docker-compose -f {path} config: exit {run.returncode}\n{stderr}")
        sys.exit(1)
    return yaml.safe_load(run.stdout)


def prometheus_config(path):
    with open(path) as f:
        return yaml.safe_load(f)


def cadvisor_jobs(config):
    return [job for job in config["scrape_configs"] if job["job_name"] == "cadvisor"]


def mounts(service):
    """A service's volumes as {source, target, type}, from the short or the long syntax."""
    out = []
    for v in service.get("volumes", []):
        if isinstance(v, str):
            source, target = v.split(":")[:2]
            kind = "bind" if source.startswith(("/", ".")) else "volume"
            v = {"source": source, "target": target, "type": kind}
        out.append(v)
    return out


def check_cadvisor_port(cadvisor, swarm_sd_env):
    """cAdvisor (8080 inside its container) is published on the port swarm-sd announces."""
    published = {str(p["published"]) for p in cadvisor.get("ports", [])
                 if str(p["target"]) == "8080"}
    announced = swarm_sd_env.get("SWARM_SD_CADVISOR_PORT")
    check(published == {announced},
          f"cAdvisor is published on {published}, swarm-sd announces port {announced}")


def check_compose(path):
    c = normalized(path)
    services = c["services"]
    sd, prom, cadvisor = services["swarm-sd"], services["prometheus"], services["cadvisor"]
    env = sd["environment"]
    output = env.get("SWARM_SD_OUTPUT_FILE", "")
    check(output, "swarm-sd has no SWARM_SD_OUTPUT_FILE")
    out_dir, out_name = os.path.split(output)

    # The file's directory is a volume (not a single-file mount) that Prometheus mounts too.
    sd_volume = [v for v in mounts(sd) if v["target"] == out_dir]
    check(len(sd_volume) == 1 and sd_volume[0]["type"] == "volume",
          f"swarm-sd's output directory {out_dir} is not a named volume")
    if sd_volume:
        shared = sd_volume[0]["source"]
        in_prom = [v for v in mounts(prom) if v.get("source") == shared]
        check(len(in_prom) == 1, f"Prometheus does not mount the volume {shared}")
        if in_prom:
            prom_dir = in_prom[0]["target"]
            config_mount = [v for v in mounts(prom)
                            if v["target"] == "/etc/prometheus/prometheus.yml"]
            check(len(config_mount) == 1, "Prometheus mounts no /etc/prometheus/prometheus.yml")
            if config_mount:
                config = prometheus_config(config_mount[0]["source"])
                files = [f for job in cadvisor_jobs(config)
                         for sd_config in job.get("file_sd_configs", [])
                         for f in sd_config["files"]]
                check(files == [f"{prom_dir}/{out_name}"],
                      f"Prometheus reads {files}, swarm-sd writes {prom_dir}/{out_name}")
                targets = [t for job in config["scrape_configs"] if job["job_name"] == "swarm-sd"
                           for s in job.get("static_configs", []) for t in s["targets"]]
                check(targets == [f"swarm-sd:{DEFAULT_WEB_PORT}"],
                      f"Prometheus scrapes swarm-sd at {targets}")

    check_cadvisor_port(cadvisor, env)
    check(any(v["target"] == "/var/run/docker.sock" for v in mounts(sd)),
          "swarm-sd has no Docker socket for its default master")
    check(sd.get("healthcheck", {}).get("test") == ["CMD", "swarm-sd", "--healthcheck"],
          "swarm-sd's health check is not swarm-sd --healthcheck")
    check(sd.get("group_add") == ["4242"], "swarm-sd is not in DOCKER_GID's group")
    check("REVISION" in sd.get("build", {}).get("args", {}),
          "the image is built without REVISION: --version would say revision unknown")


def check_stack(path):
    c = normalized(path)
    services = c["services"]
    sd, prom, cadvisor = services["swarm-sd"], services["prometheus"], services["cadvisor"]
    env = sd["environment"]
    check("build" not in sd, "a stack cannot build images: swarm-sd needs an image")
    check("SWARM_SD_OUTPUT_FILE" not in env, "swarm-sd in the stack should serve /targets only")
    check(sd["deploy"].get("mode") == "global", "swarm-sd is not a global service")
    check(sd["deploy"].get("endpoint_mode") == "dnsrr",
          "swarm-sd's service uses a virtual IP, which needs IPVS on every node")
    check(sd.get("user") == "65534:4242", "swarm-sd does not run in DOCKER_GID's group")
    check("node.role == manager" in sd["deploy"].get("placement", {}).get("constraints", []),
          "swarm-sd is not constrained to managers")
    check(env.get("SWARM_SD_MASTER") == "unix:///var/run/docker.sock",
          "swarm-sd does not ask its local Docker socket")
    check(cadvisor["deploy"].get("mode") == "global", "cAdvisor is not a global service")
    check(all(p.get("mode") == "host" for p in cadvisor["ports"]),
          "cAdvisor's port is not published in host mode")
    check_cadvisor_port(cadvisor, env)
    for name, service in services.items():
        deploy = service.get("deploy", {})
        check("restart_policy" in deploy, f"{name} has no restart policy")
        check("limits" in deploy.get("resources", {}), f"{name} has no resource limits")
    check("healthcheck" in sd and "healthcheck" in prom, "swarm-sd or Prometheus has no health check")

    config_source = [x["source"] for x in prom.get("configs", [])
                     if x["target"] == "/etc/prometheus/prometheus.yml"]
    check(len(config_source) == 1, "Prometheus gets no /etc/prometheus/prometheus.yml config")
    if config_source:
        config = prometheus_config(c["configs"][config_source[0]]["file"])
        urls = [h["url"] for job in cadvisor_jobs(config) for h in job.get("http_sd_configs", [])]
        check(urls == [f"http://swarm-sd:{DEFAULT_WEB_PORT}/targets"],
              f"Prometheus asks {urls}, not the swarm-sd service's /targets")
        check(set(sd.get("networks", {})) & set(prom.get("networks", {})),
              "swarm-sd and Prometheus share no network")


def check_tasks_stack(path):
    """The exporters publish no port and share an overlay network with Prometheus; swarm-sd lists
    their tasks by the names the stack gives them; each Prometheus job asks for its service."""
    c = normalized(path)
    services = c["services"]
    sd, prom = services["swarm-sd"], services["prometheus"]
    env = sd["environment"]
    exporters = {"cadvisor": "8080", "node-exporter": "9100"}
    asked = env.get("SWARM_SD_TASKS_SERVICE", "").split(",")
    check(asked == [f"monitoring_{name}:{port}" for name, port in exporters.items()],
          f"swarm-sd lists tasks of {asked}, not the stack's exporters")
    for name in exporters:
        service = services[name]
        check(service["deploy"].get("mode") == "global", f"{name} is not a global service")
        check(not service.get("ports"), f"{name} publishes a port: its tasks are reached on the "
                                        "overlay network")
        check(set(service.get("networks", {})) & set(prom.get("networks", {})),
              f"Prometheus cannot reach {name}'s tasks: no shared network")
        check(c["networks"][next(iter(service["networks"]))].get("driver") == "overlay",
              f"{name}'s network is not an overlay network")
    check(sd.get("user") == "65534:4242", "swarm-sd does not run in DOCKER_GID's group")
    check("node.role == manager" in sd["deploy"].get("placement", {}).get("constraints", []),
          "swarm-sd is not constrained to managers")
    for name, service in services.items():
        deploy = service.get("deploy", {})
        check("restart_policy" in deploy, f"{name} has no restart policy")
        check("limits" in deploy.get("resources", {}), f"{name} has no resource limits")
    config_source = [x["source"] for x in prom.get("configs", [])
                     if x["target"] == "/etc/prometheus/prometheus.yml"]
    check(len(config_source) == 1, "Prometheus gets no /etc/prometheus/prometheus.yml config")
    if config_source:
        config = prometheus_config(c["configs"][config_source[0]]["file"])
        for name in exporters:
            urls = [h["url"] for job in config["scrape_configs"] if job["job_name"] == name
                    for h in job.get("http_sd_configs", [])]
            check(urls == [f"http://swarm-sd:{DEFAULT_WEB_PORT}/targets?service=monitoring_{name}"],
                  f"the {name} job asks {urls}, not its service's targets")


def main():
    checks = {"compose": check_compose, "stack": check_stack, "tasks": check_tasks_stack}
    if len(sys.argv) != 3 or sys.argv[1] not in checks:
        print(__doc__)
        return 2
    path = os.path.abspath(sys.argv[2])
    checks[sys.argv[1]](path)
    for finding in findings:
        print(f"{os.path.basename(path)}: {finding}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
