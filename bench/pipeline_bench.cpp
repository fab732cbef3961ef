// Parse + build + render of a classic /info answer and of a swarm-mode /nodes answer, beside a
// bare boost::json::parse of the same bytes. Targets (../shared/design.md): 1,000 nodes < 2 ms,
// 10,000 < 20 ms and within 2x of the bare parse. Run: scripts/bench.sh
#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>

#include "demo/classic_info_body.hpp"
#include "demo/engine_bodies.hpp"
#include "output/make_target_groups.hpp"
#include "output/render_file_sd.hpp"
#include "parser/parse_info.hpp"
#include "parser/parse_nodes.hpp"

namespace {

const std::string& body_for(std::size_t nodes) {
    static std::map<std::size_t, std::string> bodies;
    auto& body = bodies[nodes];
    if (body.empty())
        body = swarmsd::testing::classic_info_body(swarmsd::testing::numbered_nodes(nodes));
    return body;
}

const std::string& nodes_body_for(std::size_t nodes) {
    static std::map<std::size_t, std::string> bodies;
    auto& body = bodies[nodes];
    if (body.empty())
        body = swarmsd::testing::swarm_nodes_body(swarmsd::testing::numbered_swarm_nodes(nodes));
    return body;
}

const swarmsd::output::group_options& bench_options();

void BM_BareJsonParse(benchmark::State& state) {
    const auto& body = body_for(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(boost::json::parse(body));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void BM_ParseInfo(benchmark::State& state) {
    const auto& body = body_for(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(swarmsd::parser::parse_info(body));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void BM_ParseBuildRender(benchmark::State& state) {
    const auto& body = body_for(static_cast<std::size_t>(state.range(0)));
    const auto& options = bench_options();
    for (auto _ : state) {
        auto info = swarmsd::parser::parse_info(body);
        auto text = swarmsd::output::render_file_sd(swarmsd::output::make_target_groups(
            info->nodes, swarmsd::parser::cluster_mode::classic, options));
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

const swarmsd::output::group_options& bench_options() {
    static const swarmsd::output::group_options options{
        .masters = {{"http://10.0.0.1:4000", "10.0.0.1"}},
        .cadvisor_port = 8070,
        .extra_labels = {{"cluster", "bench"}}};
    return options;
}

void BM_BuildGroups(benchmark::State& state) {
    auto info = swarmsd::parser::parse_info(body_for(static_cast<std::size_t>(state.range(0))));
    for (auto _ : state)
        benchmark::DoNotOptimize(swarmsd::output::make_target_groups(
            info->nodes, swarmsd::parser::cluster_mode::classic, bench_options()));
}

void BM_Render(benchmark::State& state) {
    auto info = swarmsd::parser::parse_info(body_for(static_cast<std::size_t>(state.range(0))));
    auto groups = swarmsd::output::make_target_groups(
        info->nodes, swarmsd::parser::cluster_mode::classic, bench_options());
    for (auto _ : state) benchmark::DoNotOptimize(swarmsd::output::render_file_sd(groups));
}

void BM_BareJsonParseNodes(benchmark::State& state) {
    const auto& body = nodes_body_for(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(boost::json::parse(body));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void BM_SwarmModeParseBuildRender(benchmark::State& state) {
    const auto& body = nodes_body_for(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        auto list = swarmsd::parser::parse_nodes(body);
        auto text = swarmsd::output::render_file_sd(swarmsd::output::make_target_groups(
            list->nodes, swarmsd::parser::cluster_mode::swarm, bench_options()));
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

}  // namespace

BENCHMARK(BM_BareJsonParseNodes)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SwarmModeParseBuildRender)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildGroups)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Render)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BareJsonParse)->Arg(10)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ParseInfo)->Arg(10)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ParseBuildRender)->Arg(10)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
