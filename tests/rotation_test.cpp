#include <gtest/gtest.h>

#include "rotation/master_ring.hpp"

namespace swarmsd::rotation {
namespace {

// Runs one cycle where the masters in `failing` fail; returns the masters asked, in order.
std::vector<std::size_t> run_cycle(master_ring& ring, const std::vector<bool>& failing) {
    std::vector<std::size_t> asked;
    ring.start_cycle();
    while (auto m = ring.next()) {
        asked.push_back(*m);
        if (failing[*m]) {
            ring.failed();
        } else {
            ring.succeeded();
        }
    }
    return asked;
}

TEST(MasterRing, StartsAtTheFirstMasterAndStaysOnSuccess) {
    master_ring ring(3);
    EXPECT_EQ(run_cycle(ring, {false, false, false}), std::vector<std::size_t>{0});
    EXPECT_EQ(run_cycle(ring, {false, false, false}), std::vector<std::size_t>{0});
}

TEST(MasterRing, RotatesPastFailuresAndSticksToTheOneThatAnswered) {
    master_ring ring(3);
    EXPECT_EQ(run_cycle(ring, {true, false, false}), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(ring.current(), 1u);
    // Sticky: the next cycle starts at master 1, even though master 0 may be back.
    EXPECT_EQ(run_cycle(ring, {false, false, false}), std::vector<std::size_t>{1});
}

TEST(MasterRing, TriesEachMasterOnceWhenAllFailAndWraps) {
    master_ring ring(3);
    run_cycle(ring, {true, false, true});  // now at 1
    EXPECT_EQ(run_cycle(ring, {true, true, true}), (std::vector<std::size_t>{1, 2, 0}));
    EXPECT_EQ(run_cycle(ring, {true, true, false}), (std::vector<std::size_t>{1, 2}));
}

TEST(MasterRing, SingleMasterIsAskedOncePerCycle) {
    master_ring ring(1);
    EXPECT_EQ(run_cycle(ring, {true}), std::vector<std::size_t>{0});
    EXPECT_EQ(run_cycle(ring, {false}), std::vector<std::size_t>{0});
}

TEST(MasterRing, CallsAfterTheCycleEndedChangeNothing) {
    master_ring ring(2);
    ring.start_cycle();
    ring.succeeded();
    ring.failed();
    EXPECT_EQ(ring.current(), 0u);
    EXPECT_EQ(ring.next(), std::nullopt);
}

TEST(MasterRing, RefusesAnEmptyRing) { EXPECT_THROW(master_ring(0), std::invalid_argument); }

}  // namespace
}  // namespace swarmsd::rotation
