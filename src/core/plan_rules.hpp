#pragma once

// Rule ids and the numbers behind them. Every number names its source; the ids resolve in
// data/rules.json, whose entries list the evidence ids. docs/PLAN-RULES.md explains each rule.

#include <array>
#include <string_view>

namespace msfit::core::rules {

// --- rule ids ---------------------------------------------------------------------------------
inline constexpr std::string_view kScheduleDays = "schedule.days";
inline constexpr std::string_view kFrequency = "schedule.frequency";
inline constexpr std::string_view kReentry = "relapse.reentry";
inline constexpr std::string_view kPreparation = "strength.preparation";
inline constexpr std::string_view kPrtRamp = "strength.prt_ramp";
inline constexpr std::string_view kDeload = "strength.deload";
inline constexpr std::string_view kPeriodised = "strength.periodised";
inline constexpr std::string_view kSupportedTier = "strength.supported_tier";
inline constexpr std::string_view kSpecialistStrength = "strength.specialist_tier";
inline constexpr std::string_view kRest48h = "strength.rest_48h";
inline constexpr std::string_view kPriorityMuscles = "strength.priority_muscles";
inline constexpr std::string_view kCore = "strength.core";
inline constexpr std::string_view kAerobic = "aerobic.protocol";
inline constexpr std::string_view kAerobicSeated = "aerobic.seated";
inline constexpr std::string_view kHrBetaBlockers = "aerobic.hr_beta_blockers";
inline constexpr std::string_view kBalance = "balance.coduse";
inline constexpr std::string_view kDualTask = "cognitive.dual_task";
inline constexpr std::string_view kStretch = "flexibility.cooldown";
inline constexpr std::string_view kWarmup = "session.warmup";
inline constexpr std::string_view kFitTime = "session.fit_time";
inline constexpr std::string_view kEquipment = "safety.equipment";
inline constexpr std::string_view kMobility = "safety.mobility";
inline constexpr std::string_view kSoloHeavy = "safety.solo_heavy";
inline constexpr std::string_view kHeat = "safety.heat";
inline constexpr std::string_view kRelapse = "safety.relapse";
inline constexpr std::string_view kClinician = "safety.clinician";
inline constexpr std::string_view kRedFlags = "safety.red_flags";
inline constexpr std::string_view kProgressive = "safety.progressive_ms";
inline constexpr std::string_view kSpecialist = "safety.specialist_plan";
inline constexpr std::string_view kAge = "safety.age";
inline constexpr std::string_view kPlausibility = "profile.plausibility";
inline constexpr std::string_view kAdaptProgression = "adapt.progression";
inline constexpr std::string_view kAdaptMaxStep = "adapt.max_step";
inline constexpr std::string_view kAdaptReadiness = "adapt.readiness";
inline constexpr std::string_view kAdaptHeat = "adapt.heat";
inline constexpr std::string_view kAdaptRedFlag = "adapt.red_flag";
inline constexpr std::string_view kAdaptRelapsePause = "adapt.relapse_pause";
inline constexpr std::string_view kAdaptGap = "adapt.gap";
inline constexpr std::string_view kAdaptSwap = "adapt.swap";
inline constexpr std::string_view kRir = "strength.reps_in_reserve";
inline constexpr std::string_view kBodyweightProgression = "strength.bodyweight_progression";
inline constexpr std::string_view kSoloBalance = "safety.solo_balance";
inline constexpr std::string_view kBalanceProgression = "balance.progression";
inline constexpr std::string_view kVigorousScreening = "aerobic.vigorous_screening";
inline constexpr std::string_view kAmbulation = "safety.ambulation";
inline constexpr std::string_view kAdaptRecentRelapse = "adapt.recent_relapse";
inline constexpr std::string_view kAdaptRecoverySeated = "adapt.recovery_seated";
inline constexpr std::string_view kAdaptMedicalClearance = "adapt.medical_clearance";
inline constexpr std::string_view kAdaptNewNeurological = "adapt.new_neurological";
inline constexpr std::string_view kAdaptBalanceLevel = "adapt.balance_level";
inline constexpr std::string_view kCognitiveSchedule = "cognitive.schedule";
inline constexpr std::string_view kCognitiveMemoryStrategy = "cognitive.memory_strategy";
inline constexpr std::string_view kCognitivePairing = "cognitive.pairing";
inline constexpr std::string_view kCognitiveStaircase = "cognitive.staircase";
inline constexpr std::string_view kCognitiveFatigue = "cognitive.fatigue";
inline constexpr std::string_view kCognitiveHolds = "cognitive.holds";
inline constexpr std::string_view kCognitiveScores = "cognitive.training_scores";

inline constexpr std::array kAllRuleIds = {kScheduleDays,
                                           kFrequency,
                                           kReentry,
                                           kPreparation,
                                           kPrtRamp,
                                           kDeload,
                                           kPeriodised,
                                           kSupportedTier,
                                           kSpecialistStrength,
                                           kRest48h,
                                           kPriorityMuscles,
                                           kCore,
                                           kAerobic,
                                           kAerobicSeated,
                                           kHrBetaBlockers,
                                           kBalance,
                                           kDualTask,
                                           kStretch,
                                           kWarmup,
                                           kFitTime,
                                           kEquipment,
                                           kMobility,
                                           kSoloHeavy,
                                           kHeat,
                                           kRelapse,
                                           kClinician,
                                           kRedFlags,
                                           kProgressive,
                                           kSpecialist,
                                           kAge,
                                           kPlausibility,
                                           kRir,
                                           kBodyweightProgression,
                                           kSoloBalance,
                                           kBalanceProgression,
                                           kVigorousScreening,
                                           kAmbulation,
                                           kCognitiveSchedule,
                                           kCognitiveMemoryStrategy,
                                           kCognitivePairing,
                                           kCognitiveStaircase,
                                           kCognitiveFatigue,
                                           kCognitiveHolds,
                                           kCognitiveScores};

// --- strength ---------------------------------------------------------------------------------
// The studied 8-week ramp: % 1RM by week 50, 60, 70, 70, 80, 80, 80, 80, one set; 6-10 reps in
// week 1, then 10-15 [MORADI2015, weekly detail as in CLINICAL.md 2.2, product rule].
inline constexpr std::array<int, 8> kPrtPct = {50, 60, 70, 70, 80, 80, 80, 80};
inline constexpr std::array<std::array<int, 2>, 8> kPrtReps = {
    {{6, 10}, {10, 15}, {10, 15}, {10, 15}, {10, 15}, {10, 15}, {10, 15}, {10, 15}}};
inline constexpr int kPrtSets = 1;
inline constexpr int kPrtWeeks = 8;
// Never above this share of 1RM (issue contract; guidelines use 8-15 reps [LC2013][KIM2019]).
inline constexpr int kMaxPct1Rm = 85;
// Supported tier: loads capped where White et al. ended (10-15 RM at 70 %) [MORADI2015 discussion].
inline constexpr int kSupportedMaxPct1Rm = 70;
// Preparation: light loads, high reps, 1 then 2 sets [LC2013: start 1 set, work up to 2].
inline constexpr int kPrepStartPct = 40;
inline constexpr int kPrepEndPct = 50;
inline constexpr std::array<int, 2> kPrepReps = {12, 15};
inline constexpr int kPrepBaseWeeks = 4;
inline constexpr int kPrepMaxWeeks = 8;
// Re-entry after a relapse: 2 weeks at reduced volume (product rule, KALB2020 gradual return).
inline constexpr int kReentryWeeks = 2;
inline constexpr int kReentryPct = 40;
inline constexpr int kRecentRelapseDays = 30;
// Periodised blocks after the ramp: 2 sets [LC2013][KIM2019], 3-week waves, deload after.
inline constexpr std::array<int, 3> kWavePct = {70, 75, 80};
inline constexpr std::array<int, 3> kSupportedWavePct = {60, 65, 70};
inline constexpr int kPeriodisedBlockWeeks = 6;
inline constexpr int kPeriodisedSets = 2;
// A lighter week at least every 9 weeks (product rule; no MS-specific deload evidence).
inline constexpr int kMaxWeeksWithoutLightWeek = 8;
inline constexpr int kDeloadPct = 60;
inline constexpr int kSupportedDeloadPct = 50;
inline constexpr std::array<int, 2> kDeloadReps = {10, 12};
// Specialist tier: effort-based seated work, 10-15 reps [LC2013], RPE 4-6 of 10 (product rule).
inline constexpr std::array<int, 2> kSpecialistReps = {10, 15};
inline constexpr std::array<int, 2> kSpecialistRpe = {4, 6};
inline constexpr int kSpecialistBlockWeeks = 8;
// Rest 1-2 min between sets [LC2013].
inline constexpr int kRestBetweenSetsSeconds = 90;
// Strength sessions a week: 2-3 [LC2013][KIM2019]; the studied ramp used 3 [MORADI2015].
inline constexpr int kStrengthSessionsLight = 2;
inline constexpr int kStrengthSessionsFull = 3;
// 5-10 exercises a session [KIM2019].
inline constexpr int kMinStrengthExercises = 5;
// The first accessory slots (ankle, hip abduction, trunk) carry priority muscle groups.
inline constexpr int kPriorityAccessories = 3;
inline constexpr std::array<int, 2> kCoreReps = {8, 12};
// Sets stop short of failure: 2-3 repetitions in reserve on working sets, 4 or more on light
// ones. The guidelines say "barely, but safely" [LC2013] and "comfortably" [KIM2019]; the RIR
// targets are a product rule ('pr_rir_target').
inline constexpr std::array<int, 2> kWorkingRir = {2, 3};
inline constexpr std::array<int, 2> kLightRir = {4, 6};
inline constexpr int kWorkingRirFromPct = 65;  // From here the rep cap keeps 2 in reserve.
// Body weight and bands progress by repetitions, then sets, then a slower lowering, never by
// fewer repetitions (product rule 'pr_bodyweight_progression').
inline constexpr std::array<int, 2> kBodyweightEntryReps = {8, 12};
inline constexpr std::array<int, 2> kBodyweightMidReps = {10, 12};
inline constexpr std::array<int, 2> kBodyweightTopReps = {12, 15};
inline constexpr int kBodyweightLowerSeconds = 3;

// --- aerobic ----------------------------------------------------------------------------------
// 3 x 30 min a week of stationary cycling [WOOL2023]; at least 2 x 30 [LC2013].
inline constexpr int kAerobicSessions = 3;
inline constexpr int kAerobicTargetMinutes = 30;
// Build up 10 -> 30 min [KIM2019]; duration first, intensity last [KIM2019].
inline constexpr std::array<int, 5> kAerobicRampNovice = {10, 15, 20, 25, 30};
inline constexpr std::array<int, 3> kAerobicRampTrained = {20, 25, 30};
inline constexpr std::array<int, 9> kAerobicRampGradual = {10, 10, 15, 15, 20, 20, 25, 25, 30};
inline constexpr int kAerobicMinMinutes = 10;
inline constexpr int kAerobicShortenFloor = 20;
// Heart-rate reserve bands: moderate 40-59 %, moderate-to-vigorous 50-65 % (ACSM bands,
// product rule 'hrr_bands'); RPE 0-10: moderate 5-6 [LC2013], moderate-to-vigorous 6-7.
inline constexpr std::array<int, 2> kHrrModerate = {40, 59};
inline constexpr std::array<int, 2> kHrrModerateVigorous = {50, 65};
inline constexpr std::array<int, 2> kRpeModerate = {5, 6};
inline constexpr std::array<int, 2> kRpeModerateVigorous = {6, 7};
// Heat sensitivity: work split into bouts of at most 10 min with 2 min rests (product rule).
inline constexpr int kHeatBoutMinutes = 10;
inline constexpr int kHeatBoutRestMinutes = 2;

// --- balance, flexibility, session ------------------------------------------------------------
// Balance twice a week [CODUSE]; three exercises of 3 min each.
inline constexpr int kBalanceSessions = 2;
inline constexpr int kBalanceItems = 3;
inline constexpr int kMinBalanceItems = 2;
inline constexpr int kBalanceItemMinutes = 3;
inline constexpr int kBalanceHoldSeconds = 30;
// Stretch hamstrings, calves and hip flexors at each session's cool-down (product rule).
inline constexpr int kStretchMinutes = 2;
inline constexpr int kStretchHoldSeconds = 30;
// Warm-up 5-10 min (product rule; bike warm-up as in [MORADI2015]).
inline constexpr int kWarmupMinutes = 10;
inline constexpr int kShortWarmupMinutes = 5;
inline constexpr int kShortSessionMinutes = 45;

// --- disability tiers ------------------------------------------------------------------------
// EDSS 7 and above, or a wheelchair: specialist-set programme required [KALB2020].
inline constexpr double kSpecialistEdss = 7.0;
// EDSS 5 and above, or a walking aid: supported tier (product rule; trials enrolled EDSS ~3).
inline constexpr double kSupportedEdss = 5.0;
inline constexpr int kGuidelineMaxAge = 64;  // The guidelines cover 18-64 [LC2013].
// From 65, and with the other risk factors in selection.hpp, vigorous aerobic work needs a
// clinician's clearance (product rule 'pr_vigorous_screening'; the guidelines cover 18-64).
inline constexpr int kOlderAdultAge = 65;
// From EDSS 4.0 walking range is limited (about 500 m at 4.0, 300 m at 4.5, 200 m at 5.0,
// 100 m at 5.5, 100 m with one aid at 6.0, 20 m with two at 6.5 [KURTZKE1983]): aerobic work
// is not continuous walking (product rule 'pr_ambulation').
inline constexpr double kWalkingLimitedEdss = 4.0;
// Training alone from EDSS 4.0, with a walking aid or from 65: no free-standing barbell lifts
// (product rule 'pr_solo_spotter').
inline constexpr double kSoloRiskEdss = 4.0;

}  // namespace msfit::core::rules
