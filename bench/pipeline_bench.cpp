// Parse + build + render of realistic master answers, beside a bare boost::json::parse of the
// same bytes: swarm-mode `/nodes` as a real Engine 20.10 lists nodes (about 2 KiB each: plugins,
// the CA certificate, node and engine labels) and classic `/info` tables as Swarm v1.2.8 writes
// them. Targets (issue 16): the pipeline no slower than the bare parse, per-node cost flat from
// 1k to 50k nodes. Run: scripts/bench.sh (docs/performance.md has the figures and the flags).
#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <functional>
#include <map>
#include <stdexcept>

#include "demo/classic_info_body.hpp"
#include "demo/engine_bodies.hpp"
#include "demo/task_bodies.hpp"
#include "output/make_target_groups.hpp"
#include "output/make_task_groups.hpp"
#include "output/render_file_sd.hpp"
#include "parser/parse_classic_info.hpp"
#include "parser/parse_nodes.hpp"
#include "parser/tasks.hpp"
#include "swarm/malloc_policy.hpp"

namespace {
using swarmsd::parser::cluster_mode;

// The body, made in a child process. The generator builds each body as a Boost.JSON document;
// made here, the heap it leaves behind (scattered blocks still in use beside freed ones) would be
// the heap the pipeline runs in, and the larger bodies, made later, would parse into a more broken
// up heap than the smaller ones. swarm-sd reads a body from a socket into a heap of its own.
std::string made_apart(const std::function<std::string()>& make) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_t child = ::fork();
    if (child == 0) {
        ::close(fds[0]);
        auto body = make();
        for (std::size_t at = 0; at < body.size();) {
            auto n = ::write(fds[1], body.data() + at, body.size() - at);
            if (n <= 0) ::_exit(1);
            at += static_cast<std::size_t>(n);
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string body;
    char buffer[64 * 1024];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        body.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("body generator");
    return body;
}

const std::string& classic_body(std::size_t nodes) {
    static std::map<std::size_t, std::string> bodies;
    auto& body = bodies[nodes];
    if (body.empty())
        body = made_apart([&] {
            return swarmsd::testing::classic_info_body(swarmsd::testing::numbered_nodes(nodes));
        });
    return body;
}

const std::string& swarm_body(std::size_t nodes) {
    static std::map<std::size_t, std::string> bodies;
    auto& body = bodies[nodes];
    if (body.empty()) {
        body = made_apart([&] {
            return swarmsd::testing::swarm_nodes_body(
                swarmsd::testing::numbered_swarm_nodes(nodes, /*realistic=*/true));
        });
    }
    return body;
}

const swarmsd::output::group_options& options() {
    static const swarmsd::output::group_options o{.masters = {{"http://10.0.0.1:4000", "10.0.0.1"}},
                                                  .cadvisor_port = 8070,
                                                  .extra_labels = {{"cluster", "bench"}}};
    return o;
}

// Builds the groups and writes their text into `text` as they are made, as `--print` does.
void render_as_built(const std::vector<swarmsd::parser::node>& nodes, cluster_mode mode,
                     std::string& text) {
    swarmsd::output::file_sd_writer writer(text);
    auto groups = swarmsd::output::make_target_groups(
        nodes, mode, options(), [&](const auto& group) { writer.add(group); });
    writer.finish();
    benchmark::DoNotOptimize(groups);
    benchmark::DoNotOptimize(text);
}

void per_node(benchmark::State& state, const std::string& body) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.counters["per_node"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * static_cast<double>(state.range(0)),
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_SwarmBareParse(benchmark::State& state) {
    const auto& body = swarm_body(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(boost::json::parse(body));
    per_node(state, body);
}

void BM_SwarmPipeline(benchmark::State& state) {
    const auto& body = swarm_body(static_cast<std::size_t>(state.range(0)));
    std::string text;
    for (auto _ : state) {
        auto list = swarmsd::parser::parse_nodes(body);
        render_as_built(list->nodes, cluster_mode::swarm_mode, text);
    }
    per_node(state, body);
}

void BM_SwarmParse(benchmark::State& state) {
    const auto& body = swarm_body(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(swarmsd::parser::parse_nodes(body));
    per_node(state, body);
}

// The two stages after the parse, apart: where the pipeline's time beyond the parse goes.
void BM_SwarmBuild(benchmark::State& state) {
    const auto& body = swarm_body(static_cast<std::size_t>(state.range(0)));
    auto list = swarmsd::parser::parse_nodes(body);
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            swarmsd::output::make_target_groups(list->nodes, cluster_mode::swarm_mode, options()));
    }
    per_node(state, body);
}

void BM_SwarmRender(benchmark::State& state) {
    const auto& body = swarm_body(static_cast<std::size_t>(state.range(0)));
    auto list = swarmsd::parser::parse_nodes(body);
    auto groups =
        swarmsd::output::make_target_groups(list->nodes, cluster_mode::swarm_mode, options());
    std::string text;
    for (auto _ : state) {
        swarmsd::output::render_file_sd(groups, text);
        benchmark::DoNotOptimize(text);
    }
    per_node(state, body);
}

void BM_ClassicBareParse(benchmark::State& state) {
    const auto& body = classic_body(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(boost::json::parse(body));
    per_node(state, body);
}

void BM_ClassicPipeline(benchmark::State& state) {
    const auto& body = classic_body(static_cast<std::size_t>(state.range(0)));
    std::string text;
    for (auto _ : state) {
        auto info = swarmsd::parser::parse_classic_info(body);
        render_as_built(info->nodes, cluster_mode::classic, text);
    }
    per_node(state, body);
}

void BM_ClassicParse(benchmark::State& state) {
    const auto& body = classic_body(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(swarmsd::parser::parse_classic_info(body));
    per_node(state, body);
}

// Service tasks (issue 25): a `GET /tasks` answer of realistic tasks (about 3 KiB each) of one
// global service on 1,000 nodes, read and made into task groups with their nodes' labels and
// rendered, beside a bare parse of the same answer. The nodes' listing is its own (above).
const std::string& tasks_body(std::size_t tasks) {
    static std::map<std::size_t, std::string> bodies;
    auto& body = bodies[tasks];
    if (body.empty()) {
        body = made_apart([&] {
            return swarmsd::testing::swarm_tasks_body(
                swarmsd::testing::numbered_swarm_nodes(1000, true), tasks, "svc1");
        });
    }
    return body;
}

const std::vector<swarmsd::parser::node>& task_nodes() {
    static const auto nodes = [] {
        auto body =
            swarmsd::testing::swarm_nodes_body(swarmsd::testing::numbered_swarm_nodes(1000, true));
        return swarmsd::parser::parse_nodes(body)->nodes;
    }();
    return nodes;
}

void BM_TasksBareParse(benchmark::State& state) {
    const auto& body = tasks_body(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(boost::json::parse(body));
    per_node(state, body);
}

void BM_TasksPipeline(benchmark::State& state) {
    const auto& body = tasks_body(static_cast<std::size_t>(state.range(0)));
    const auto& nodes = task_nodes();
    const swarmsd::parser::service service{"svc1", "mon_cadvisor", "global", {}, {}};
    std::string text;
    for (auto _ : state) {
        auto tasks = swarmsd::parser::parse_tasks(body);
        auto built = swarmsd::output::make_task_groups(
            nodes, {{"mon_cadvisor", 8080, &service, &*tasks}}, options(), {});
        swarmsd::output::render_file_sd(built.groups, text);
        benchmark::DoNotOptimize(text);
    }
    per_node(state, body);
}

void BM_TasksParse(benchmark::State& state) {
    const auto& body = tasks_body(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(swarmsd::parser::parse_tasks(body));
    per_node(state, body);
}

// With --benchmark_repetitions, the least of the repetitions beside their median: on a shared
// host other work only ever adds time, so the least is the figure least disturbed by it.
double least(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

void sizes(benchmark::internal::Benchmark* b) {
    b->Arg(1000)->Arg(10000)->Arg(50000)->Unit(benchmark::kMillisecond);
    b->ComputeStatistics("min", least);
}

}  // namespace

BENCHMARK(BM_SwarmBareParse)->Apply(sizes);
BENCHMARK(BM_SwarmPipeline)->Apply(sizes);
BENCHMARK(BM_SwarmParse)->Apply(sizes);
BENCHMARK(BM_SwarmBuild)->Apply(sizes);
BENCHMARK(BM_SwarmRender)->Apply(sizes);
BENCHMARK(BM_ClassicBareParse)->Apply(sizes);
BENCHMARK(BM_ClassicPipeline)->Apply(sizes);
BENCHMARK(BM_ClassicParse)->Apply(sizes);
BENCHMARK(BM_TasksBareParse)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TasksPipeline)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TasksParse)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
int main(int argc, char** argv) {
    swarmsd::swarm::set_malloc_policy();  // as swarm-sd runs
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
