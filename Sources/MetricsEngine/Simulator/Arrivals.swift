/// Conversation arrivals: per skill, a Poisson process whose rate follows the daily curve and any
/// surge on the skill. Drawn by thinning: candidates come at the highest rate the skill can have right
/// now and are kept with probability (rate now ÷ that bound). A surge changes the bound, so it
/// restarts the skill's stream (the old candidate's token goes stale); memorylessness keeps that exact.
extension Simulator {
    func arrivalBound(_ skill: Int32) -> Double {
        baseRate[Int(skill)] * curve.peak / curve.mean * surgeFactor[Int(skill)]
    }

    mutating func scheduleArrival(skill: Int32) {
        let bound = arrivalBound(skill)
        guard bound > 0 else { return }
        let gap = rng.exponential(mean: 1 / bound)
        schedule(.arrival(skill: skill, token: arrivalTokens[Int(skill)]), at: clock + Int64(gap.rounded(.up)))
    }

    mutating func arrival(skill: Int32, token: Int32) {
        guard token == arrivalTokens[Int(skill)] else { return }
        if rng.unit() * curve.peak < curve.level(at: clock) { open(skill: skill) }
        scheduleArrival(skill: skill)
    }

    mutating func planDay(_ day: Int32) {
        let dayStart = start + Int64(day) * ArrivalCurve.dayMillis
        for surge in Surge.plan(dayStart: dayStart, skills: model.humanSkills, curve: curve, rng: &rng) {
            surges.append(surge)
            let index = Int32(surges.count - 1)
            schedule(.surgeStart(index), at: surge.start)
            schedule(.surgeEnd(index), at: surge.end)
        }
        schedule(.planDay(day: day + 1), at: dayStart + ArrivalCurve.dayMillis)
    }

    mutating func setSurge(_ index: Int32, active: Bool) {
        let surge = surges[Int(index)]
        let skill = Int(surge.skill)
        surgeFactor[skill] = active ? surgeFactor[skill] * surge.multiplier : surgeFactor[skill] / surge.multiplier
        if !active && surges.allSatisfy({ $0.skill != surge.skill || $0.end <= clock || $0.start > clock }) {
            surgeFactor[skill] = 1  // no drift from repeated multiply/divide
        }
        arrivalTokens[skill] &+= 1
        scheduleArrival(skill: surge.skill)
    }
}
