/// The names the simulated world is drawn from. The first skill names are chosen to exercise the
/// dashboard: a Japanese name (double-width cells) and one longer than 40 characters (truncation).
enum SimulatedNames {
    static let skills = [
        "General Support",
        "カスタマーサポート",
        "Billing & Payments",
        "Premium Customer Retention and Loyalty Escalations Desk",
        "Technical Support",
        "Sales",
        "Returns & Exchanges",
        "Shipping & Delivery",
        "Account Security",
        "Mobile App Help",
        "Soporte en Español",
        "VIP Concierge",
        "Business Accounts",
        "Claims",
        "Onboarding",
        "Device Upgrades",
    ]

    static let regions = ["Americas", "EMEA", "APAC", "LATAM", "Nordics", "ANZ", "India", "Japan"]

    static let firstNames = [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Ethan",
        "Aisha", "Omar", "Yuki", "Haruto", "Priya", "Arjun", "Chloe", "Leo", "Zoe", "Daniel",
        "Fatima", "Ivan", "Elena", "Marco", "Ingrid", "Sven", "Chen", "Mei", "Kwame", "Ama",
        "Lucía", "Diego", "Hannah", "Jonas", "Nora", "Samuel", "Grace", "Tomás", "Aiko", "Ravi",
    ]

    static let lastNames = [
        "Smith", "Johnson", "García", "Müller", "Rossi", "Tanaka", "Kim", "Nguyen", "Patel", "Khan",
        "Silva", "Novak", "Jensen", "Dubois", "Okafor", "Mensah", "Cohen", "Lopez", "Brown", "Wilson",
        "Sato", "Ivanova", "Hansen", "Moreau", "Rahman", "Costa", "Fischer", "Larsen", "Walker", "Reyes",
        "O'Brien", "Schmidt", "Andersson", "Yamamoto", "Singh", "Haddad", "Murphy", "Kowalski", "Ali", "Park",
    ]

    static let bots = ["Ava", "Max", "Nova", "Echo", "Pixel", "Sunny", "Atlas", "Iris"]

    /// A skill's name: hand-picked for the first ones, generated beyond the list.
    static func skill(_ index: Int) -> String {
        index < skills.count ? skills[index] : "Skill \(index + 1)"
    }

    static func region(_ index: Int) -> String {
        index < regions.count ? regions[index] : "Region \(index + 1)"
    }
}
