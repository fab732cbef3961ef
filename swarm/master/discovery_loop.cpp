#include "swarm/master/discovery_loop.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "swarm/master/errc.hpp"
#include "swarm/master/fetch_node.hpp"

namespace swarmsd::master {
namespace net = boost::asio;

namespace {

constexpr std::chrono::milliseconds first_retry{1000};
constexpr std::chrono::milliseconds first_settle{1000};

// `later` asks for at least what `earlier` asked: a full listing wins over node fetches, and the
// first trigger names the cycle.
discovery_loop::cause merged(std::optional<discovery_loop::cause> earlier,
                             discovery_loop::cause later) {
    if (!earlier) return later;
    earlier->full = earlier->full || later.full;
    if (!earlier->first_event) earlier->first_event = later.first_event;
    return *earlier;
}

}  // namespace

discovery_loop::discovery_loop(net::any_io_executor executor, std::vector<master_url> masters,
                               discovery_mode mode, fetch_options fetch,
                               std::chrono::milliseconds refresh_interval, event_settings events,
                               stream_events streams, event_handler on_event)
    : clients_(make_clients(masters, fetch)),
      mode_(mode),
      refresh_interval_(refresh_interval),
      events_(events),
      ring_(clients_.size()),
      wait_(executor),
      burst_(executor) {
    if (events_.enabled) {
        follower_ = std::make_unique<event_follower>(
            executor, refresh_interval_, watch(std::move(streams), std::move(on_event)));
    }
}

void discovery_loop::follow_tasks(std::vector<config::task_service> services,
                                  std::chrono::milliseconds every) {
    services_ = std::move(services);
    tasks_interval_ = every;
}

// The follower's news, passed on, with what the loop itself does about it.
stream_events discovery_loop::watch(stream_events streams, event_handler on_event) {
    auto opened = std::move(streams.opened);
    streams.opened = [this, opened](std::size_t master) {
        if (opened) opened(master);
        // Whatever happened while no stream was open went unannounced: list again.
        if (std::exchange(stream_opened_before_, true)) ask_after_burst(clock::now(), true);
    };
    auto lost = std::move(streams.lost);
    streams.lost = [this, lost](std::size_t master, boost::system::error_code why) {
        if (lost) lost(master, why);
        // A master whose stream breaks may be failing: list now, which moves listing and stream
        // to the next master if it is.
        ask_after_burst(clock::now(), true);
    };
    auto unavailable = std::move(streams.unavailable);
    streams.unavailable = [this, unavailable](std::size_t master, boost::system::error_code why) {
        if (unavailable) unavailable(master, why);
        // An HTTP status says the master answers but has no stream for us (an old engine, a
        // proxy): polling is all there is. Anything else (refused, no socket, a timeout) may be
        // the master going away: list, as for a lost stream, which moves listing and stream on
        // if it is. The follower's backoff (doubling up to the refresh interval) bounds how often.
        if (why.category() != http_status_category()) ask_after_burst(clock::now(), true);
    };
    streams.event = [this, on_event](std::size_t master, const parser::engine_event& e) {
        auto caused = take_event(e);
        if (on_event) on_event(master, e, caused);
    };
    return streams;
}

// What an event asks for: in swarm mode its node, fetched (or, after `remove`, taken out); else
// a listing.
std::string_view discovery_loop::take_event(const parser::engine_event& e) {
    if (e.type == "service") {
        if (services_.empty()) return "nothing";
        tasks_pending_ = true;
        settle_ = first_settle;
        ask_after_burst(clock::now(), false);
        return "task listing";
    }
    if (!parser::changes_nodes(e)) return "nothing";
    bool by_node = stream_mode_ == parser::cluster_mode::swarm_mode && e.type == "node" &&
                   parser::is_node_id(e.actor_id);
    std::string_view caused = "listing";
    if (by_node) {
        bool removed = e.action == "remove";
        pending_[e.actor_id] = removed;
        caused = removed ? "node removal" : "node fetch";
    } else {
        listing_spaced_ = true;
    }
    ask_after_burst(clock::now(), false);
    return caused;
}

bool discovery_loop::needs_listing() const { return listing_urgent_ || listing_spaced_ || !known_; }

// While events keep coming, what they cause is spaced: a classic manager builds its whole table
// for each listing, and a storm must not multiply its load; a round of node fetches costs the
// manager little, but swarm-sd renders and writes every target for it.
discovery_loop::clock::time_point discovery_loop::spaced_until() const {
    if (!needs_listing()) {
        if (!last_round_) return clock::time_point::min();
        return *last_round_ + last_round_took_ * events_.spacing_factor;
    }
    if (!last_event_listing_) return clock::time_point::min();
    auto spacing =
        std::max<clock::duration>(events_.spacing, last_listing_took_ * events_.spacing_factor);
    return *last_event_listing_ + spacing;
}

void discovery_loop::ask_after_burst(clock::time_point when, bool urgent) {
    if (urgent) listing_urgent_ = true;
    if (!burst_began_) burst_began_ = when;
    auto due = std::min(when + events_.quiet, *burst_began_ + events_.bound);
    if (!listing_urgent_) due = std::max(due, spaced_until());
    burst_.expires_at(due);
    burst_.async_wait([this](boost::system::error_code ec) {
        if (!ec) burst_over();  // else moved by a later event of the same burst
    });
}

void discovery_loop::burst_over() {
    auto first = std::exchange(burst_began_, std::nullopt);
    if (!needs_listing() && pending_.empty() && !tasks_pending_) return;
    next_ = merged(next_, cause{trigger::event, first, needs_listing()});
    wait_.cancel();
}

net::awaitable<void> discovery_loop::run(cycle_handler on_cycle) {
    cause why;
    std::chrono::milliseconds retry = first_retry;
    while (!stopped_) {
        bool answered = why.full || needs_listing()
                            ? co_await list_in_full(on_cycle, why, std::nullopt)
                            : co_await fetch_nodes(on_cycle, why);
        // After a failed cycle the next comes sooner than the resync (1 s, 2 s, 4 s, ...): a
        // leader election or a restart is over in seconds, and no stream says when.
        auto pause = refresh_interval_;
        bool tasks_due = false;
        if (answered) {
            retry = first_retry;
            // The resync counts from the last full listing, whatever rounds came since; tasks
            // have no events: their own timer, when it comes before the resync.
            pause = std::max(std::chrono::ceil<std::chrono::milliseconds>(
                                 last_full_ + refresh_interval_ - clock::now()),
                             std::chrono::milliseconds{0});
            if (!services_.empty() && tasks_interval_ < pause) {
                pause = tasks_interval_;
                tasks_due = true;
            }
            // A service just changed: its new tasks start over the next seconds.
            if (settle_ > std::chrono::milliseconds{0}) {
                if (settle_ < pause) {
                    pause = settle_;
                    tasks_due = true;
                }
                settle_ =
                    settle_ * 2 < tasks_interval_ ? settle_ * 2 : std::chrono::milliseconds{0};
            }
        } else {
            pause = std::min(retry, refresh_interval_);
            retry = std::min(retry * 2, refresh_interval_);
        }
        // A trigger that fired during the cycle is served at once: what it announced may have
        // happened after this cycle's answer was written.
        if (stopped_) co_return;
        if (!next_) {
            wait_.expires_after(pause);
            co_await wait_.async_wait(net::as_tuple(net::use_awaitable));
            if (stopped_) co_return;
            if (!next_ && tasks_due) {
                tasks_pending_ = true;
                next_ = cause{trigger::timer, std::nullopt, false};
            }
        }
        why = next_.value_or(cause{});
        next_.reset();
    }
}

// One full listing, handed on, then kept for the node fetches that follow.
net::awaitable<bool> discovery_loop::list_in_full(const cycle_handler& on_cycle, const cause& why,
                                                  std::optional<master_failure> already_failed) {
    auto began = clock::now();
    // What events asked for until now, this listing answers; what they ask from now on, not.
    pending_.clear();
    listing_urgent_ = listing_spaced_ = tasks_pending_ = false;
    last_full_ = began;
    if (why.trigger == trigger::event) last_event_listing_ = began;
    known_.reset();  // the old listing is not held beside the new one
    auto cycle = co_await poll_cycle(clients_, ring_, mode_, std::move(already_failed), services_);
    last_listing_took_ = clock::now() - began;
    on_cycle(cycle, last_listing_took_, why);
    follow_stream(cycle);
    if (!cycle.answered_by) co_return false;
    known_from_ = *cycle.answered_by;
    known_ = std::move(cycle.found);
    co_return true;
}

// The nodes events named, each asked of the master that listed (whose stream named them) and
// put into the last listing; a fetch that fails leaves the set unknown: list in full, from the
// next master.
net::awaitable<bool> discovery_loop::fetch_nodes(const cycle_handler& on_cycle, const cause& why) {
    auto began = clock::now();
    auto asks = std::exchange(pending_, {});
    cycle_result round{known_from_, {}, {}, 0, node_round{}};
    for (const auto& [id, removed] : asks) {
        if (removed) {
            std::erase_if(known_->nodes, [&](const parser::node& n) { return n.id == id; });
            ++round.round->removed;
            continue;
        }
        if (auto failure = co_await fetch_node_into(known_from_, id, round)) {
            round.round->failure = std::move(failure);
            break;
        }
    }
    if (!services_.empty() && !round.round->failure) co_await relist_tasks(round);
    round.found = std::move(*known_);
    on_cycle(round, clock::now() - began, why);
    known_ = std::move(round.found);
    last_round_ = began;
    last_round_took_ = clock::now() - began;
    if (!round.round->failure) co_return true;
    co_return co_await list_in_full(on_cycle, why, std::move(round.round->failure));
}

// The services' tasks, asked again of the master that listed, into the last listing: after node
// fetches (a task's node labels, its node's address), on service events and on the tasks' timer.
net::awaitable<void> discovery_loop::relist_tasks(cycle_result& round) {
    tasks_pending_ = false;
    request_notes notes;
    auto tasks = co_await list_tasks(clients_[known_from_], services_, &notes);
    if (!tasks) {
        round.round->failure = master_failure{known_from_, tasks.error(), std::move(notes.detail)};
        co_return;
    }
    round.bytes += notes.bytes;
    known_->services = std::move(*tasks);
    round.round->tasks_listed = true;
}

net::awaitable<std::optional<master_failure>> discovery_loop::fetch_node_into(std::size_t master,
                                                                              const std::string& id,
                                                                              cycle_result& round) {
    request_notes notes;
    auto got = co_await fetch_node(clients_[master], id, &notes);
    if (!got) co_return master_failure{master, got.error(), std::move(notes.detail)};
    round.bytes += notes.bytes;
    auto& nodes = known_->nodes;
    auto at =
        std::find_if(nodes.begin(), nodes.end(), [&](const parser::node& n) { return n.id == id; });
    if (!*got) {
        if (at != nodes.end()) nodes.erase(at);
        ++round.round->gone;
        co_return std::nullopt;
    }
    if (at != nodes.end()) {
        *at = std::move(**got);
        round.round->replaced_at.push_back(static_cast<std::size_t>(at - nodes.begin()));
    } else if (nodes.size() < clients_[master].limits().max_nodes) {
        nodes.push_back(std::move(**got));
    } else {
        co_return master_failure{master, errc::too_many_nodes};
    }
    ++round.round->updated;
    co_return std::nullopt;
}

void discovery_loop::follow_stream(const cycle_result& cycle) {
    if (!follower_ || !cycle.answered_by) return;
    stream_mode_ = cycle.found.mode;
    if (streaming_ == cycle.answered_by || stopped_) return;
    streaming_ = cycle.answered_by;
    stream_opened_before_ = false;
    follower_->follow(*streaming_, clients_[*streaming_], cycle.found.mode);
}

void discovery_loop::poll_now(master::trigger why) {
    next_ = merged(next_, cause{why, std::nullopt, true});
    wait_.cancel();
}

}  // namespace swarmsd::master
