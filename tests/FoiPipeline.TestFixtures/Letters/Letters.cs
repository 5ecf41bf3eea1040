namespace FoiPipeline.TestFixtures;

/// <summary>
/// Realistic FOI request letters to a police force, each with its known questions. The short ones fit
/// on one A4 page; <see cref="TaserReview"/> and <see cref="AnprReview"/> run to two or three pages for
/// multi-page PDF and scan tests. Names and addresses are invented (example.org).
/// </summary>
public static class Letters
{
    /// <summary>Arrests under terrorism legislation and what followed from them.</summary>
    public static Letter CounterTerrorismArrests { get; } = new()
    {
        Id = "counter-terrorism-arrests",
        Subject = "Arrests under the Terrorism Act 2000",
        RequesterName = "Priya Shah",
        RequesterEmail = "priya.shah@example.org",
        Introduction =
        [
            "I am writing under the Freedom of Information Act 2000 to ask about arrests your force has made under terrorism legislation.",
            "Please provide the following information for each calendar year from 2021 to 2025:",
        ],
        Questions =
        [
            "The number of people arrested under section 41 of the Terrorism Act 2000.",
            "Of those arrested, how many were charged with a terrorism-related offence, and how many were released without charge.",
            "The number of people detained at ports under Schedule 7 to the Terrorism Act 2000 for more than six hours.",
            "How many of the arrests in question 1 followed information from the monitoring of social media.",
        ],
        Closing =
        [
            "If the cost of answering all four questions would exceed the appropriate limit, please answer questions 1 and 2 first and tell me which of the others you could answer.",
            "I would prefer the figures as a spreadsheet. Thank you for your help.",
        ],
        SignOff = "Yours sincerely,",
    };

    /// <summary>Automatic Number Plate Recognition cameras: how many, where, and what the data costs.</summary>
    public static Letter AnprCameras { get; } = new()
    {
        Id = "anpr-cameras",
        Subject = "ANPR cameras in the force area",
        RequesterName = "Renée Dubois",
        RequesterEmail = "renee.dubois@example.org",
        Introduction =
        [
            "Under the Freedom of Information Act 2000 I would like to request information about Automatic Number Plate Recognition (ANPR) cameras operated by, or on behalf of, your force.",
        ],
        Questions =
        [
            "How many fixed ANPR cameras does the force operate as of 1 October 2026?",
            "How many mobile ANPR units (vehicle-mounted or portable) does the force have?",
            "How many ANPR \u201Creads\u201D did the force\u2019s cameras submit to the National ANPR Data Centre in 2025?",
            "What was the total spent, in \u00A3, on buying, installing and maintaining ANPR cameras in the financial year 2025/26?",
            "For how long does the force keep ANPR read data that is not linked to an investigation?",
        ],
        Closing =
        [
            "I do not ask for the location of individual cameras; figures by local policing area would be enough.",
        ],
    };

    /// <summary>Stop and search: volumes, grounds, outcomes and body-worn video.</summary>
    public static Letter StopAndSearch { get; } = new()
    {
        Id = "stop-and-search",
        Subject = "Stop and search under section 60",
        RequesterName = "Siân Evans",
        RequesterEmail = "sian.evans@example.org",
        Salutation = "Dear Sir or Madam,",
        Introduction =
        [
            "I am a researcher looking at the use of no-suspicion stop and search powers. Under the Freedom of Information Act 2000, please send me:",
        ],
        Questions =
        [
            "The number of section 60 authorisations made by an officer of the rank of inspector or above in each month of 2025, and how many were extended beyond 24 hours.",
            "The number of searches carried out under those authorisations, broken down by the self-defined ethnicity of the person searched.",
            "The number of those searches that led to an arrest, and the number that found a weapon.",
            "Whether body-worn video was switched on during the searches, as a count or a percentage of all section 60 searches.",
        ],
        Closing =
        [
            "Where a figure is below five, please say \u201Cfewer than five\u201D rather than withholding the whole table.",
        ],
        SignOff = "Kind regards,",
    };

    /// <summary>Police drones: fleet, flights, purposes and footage.</summary>
    public static Letter Drones { get; } = new()
    {
        Id = "drones",
        Subject = "Use of drones (unmanned aerial systems)",
        RequesterName = "Tom Whitfield",
        RequesterEmail = "tom.whitfield@example.org",
        Introduction =
        [
            "I would like to make a request under the Freedom of Information Act 2000 about the force\u2019s use of drones.",
        ],
        Questions =
        [
            "How many drones does the force own or lease, and what makes and models are they?",
            "How many drone flights did the force make in 2025, broken down by purpose (for example missing person searches, public order, crime scene mapping, surveillance)?",
            "How many pilots hold a current qualification to fly the force\u2019s drones?",
            "How long is drone footage kept when it is not needed as evidence?",
            "Has the force carried out a data protection impact assessment for its drone operations? If so, please provide a copy.",
        ],
        Closing =
        [
            "If any part of this request is refused, please explain which exemption applies and why, and answer the remaining parts.",
        ],
        SignOff = "Many thanks,",
    };

    /// <summary>Taser: how often it is drawn and fired, on whom, and the cost.</summary>
    public static Letter TaserUse { get; } = new()
    {
        Id = "taser-use",
        Subject = "Taser use by officers",
        RequesterName = "José O\u2019Neill",
        RequesterEmail = "jose.oneill@example.org",
        Introduction =
        [
            "Please treat this email as a request under the Freedom of Information Act 2000.",
            "I would like the following information for the period 1 April 2025 to 31 March 2026:",
        ],
        Questions =
        [
            "The number of times a Taser was drawn, aimed, red-dotted and fired by your officers.",
            "The number of times a Taser was fired at a person under the age of 18.",
            "The number of complaints received about the use of Taser, and how many were referred to the Independent Office for Police Conduct.",
            "The total cost, in \u00A3, of Taser devices and cartridges bought in the period.",
        ],
        Closing =
        [
            "I\u2019d be grateful if you could send the answers by email.",
        ],
    };

    /// <summary>
    /// A long, detailed Taser request (about three A4 pages at 11 pt): background, definitions, eighteen
    /// questions and notes on format, for multi-page PDF and scan tests.
    /// </summary>
    public static Letter TaserReview { get; } = new()
    {
        Id = "taser-review",
        Subject = "Conducted energy devices (Taser): deployment, training, complaints and cost, 2021 to 2026",
        RequesterName = "Zoë Clarke",
        RequesterEmail = "zoe.clarke@example.org",
        Salutation = "Dear Freedom of Information Team,",
        Introduction =
        [
            "I am writing on behalf of a small community research group that is looking at how conducted energy devices, usually known by the brand name Taser, are used by police forces in England and Wales. We have read the Home Office\u2019s annual statistics on police use of force, the reports of the Independent Office for Police Conduct on Taser, and several force-level scrutiny panel reports, but none of them gives the detail we need to compare forces over time. I am therefore making this request under the Freedom of Information Act 2000.",
            "To avoid any doubt about what I am asking for, I use the following terms. \u201CDrawn\u201D means the device was removed from its holster; \u201Caimed\u201D means it was pointed at a person; \u201Cred-dotted\u201D means the laser sight was placed on a person; \u201Carced\u201D means a spark was shown as a warning; \u201Cfired\u201D means the probes were discharged; and \u201Cdrive-stun\u201D means the device was held against the person and activated. Where your recording system uses different categories, please give me the categories you hold and explain briefly how they map onto mine. I would rather have the information in the form you hold it than have it converted.",
            "Unless a question says otherwise, please give figures for each financial year from 2021/22 to 2025/26. If the most recent year is not yet complete or validated, please give the figures you hold and mark them as provisional. I understand that use-of-force forms are completed by each officer present, so a single incident may appear on several forms; please tell me whether your figures count incidents, forms or individual uses of the device.",
            "My questions are as follows:",
        ],
        Questions =
        [
            "How many officers in your force were trained and authorised to carry a Taser on 31 March of each year, and how many of those were specially trained officers rather than firearms officers?",
            "How many Taser devices did the force hold on 31 March of each year, broken down by model (for example X26, X2, 7 or 10), and how many of those were issued to officers for routine patrol?",
            "How many times was a Taser used in each of the ways defined above (drawn, aimed, red-dotted, arced, fired and drive-stun), with the highest level of use counted once per incident?",
            "Of the times a Taser was fired, how many involved more than one cycle of electricity, and what was the largest number of cycles recorded in a single incident?",
            "Please break down the figures in question 3 by the perceived ethnicity of the person, as recorded on the use-of-force form, using the five broad categories of the 2021 census.",
            "Please break down the figures in question 3 by the age band of the person (under 11, 11 to 17, 18 to 34, 35 to 49, 50 to 64 and 65 or over).",
            "How many of the uses in question 3 involved a person the officer believed to have a mental health condition, or who was later detained under section 136 of the Mental Health Act 1983?",
            "How many uses took place inside a police station, custody suite or hospital, rather than in a public place or a private dwelling?",
            "How many people were injured as a result of a Taser being fired or used in drive-stun mode, and how many of them needed treatment in hospital? Please include injuries from falls.",
            "Has anyone died within 48 hours of a Taser being used on them by your officers in the period? If so, please give the date of each death and say whether it was referred to the Independent Office for Police Conduct.",
            "How many complaints from members of the public concerned the use of Taser, and how many of those complaints were upheld in whole or in part?",
            "How many Taser incidents did the force refer to the Independent Office for Police Conduct, whether as a mandatory referral or a voluntary one?",
            "How many officers faced misconduct or gross misconduct proceedings arising from the use of Taser, and what were the outcomes?",
            "In what proportion of incidents in which a Taser was fired was body-worn video recording at the time the device was discharged?",
            "What was the total cost, in \u00A3, of Taser devices, cartridges, holsters and batteries bought in each year, and what is the unit cost of a cartridge under the current contract?",
            "What was the cost of initial and refresher Taser training in each year, including the cost of officer time if you record it?",
            "Please provide a copy of the force\u2019s current policy or standard operating procedure on the use of Taser, and the date it was last reviewed.",
            "Please provide a copy of any equality impact assessment carried out before the force increased the number of officers carrying Taser, and any later review of it.",
        ],
        Closing =
        [
            "I am aware of the appropriate limit of \u00A3450 (18 hours of work) in section 12 of the Act. If answering every question would exceed it, please answer questions 1 to 3, 11 and 15 first, and use your duty to advise and assist under section 16 to suggest how I could narrow the rest. Please do not refuse the whole request without telling me which parts could be answered within the limit.",
            "If you decide that an exemption applies to any part of this request, please say which exemption, explain why it applies and, for a qualified exemption, set out the public interest test you carried out. Where a small number could identify a person, I am content for you to replace it with \u201Cfewer than five\u201D, but please release the rest of the table.",
            "I would like the figures in a machine-readable format such as CSV or a spreadsheet, and the documents as PDF files. If any of the information is already published, a link to the page is enough, provided it answers the question in full.",
            "Please acknowledge receipt of this request. I look forward to hearing from you within the statutory 20 working days. If anything is unclear, I am happy to discuss the request by email; I\u2019d much prefer that to a refusal.",
        ],
        SignOff = "Yours faithfully,",
    };

    /// <summary>
    /// A long ANPR request (about two A4 pages at 11 pt): cameras, reads, retention, sharing and audits,
    /// for multi-page PDF and scan tests.
    /// </summary>
    public static Letter AnprReview { get; } = new()
    {
        Id = "anpr-review",
        Subject = "Automatic Number Plate Recognition: cameras, retention, sharing and audit",
        RequesterName = "Malcolm Fraser",
        RequesterEmail = "malcolm.fraser@example.org",
        Introduction =
        [
            "I am a member of a civil liberties group that monitors surveillance technology in our region. We have followed the National ANPR Standards for Policing and Law Enforcement and the Surveillance Camera Code of Practice, and we would like to understand how your force applies them in practice. This is a request for information under the Freedom of Information Act 2000.",
            "By \u201CANPR\u201D I mean any camera or system that reads vehicle registration marks automatically, whether it is owned by the force, shared with a local authority or a highways body, or operated by a contractor on the force\u2019s behalf. By a \u201Cread\u201D I mean one record of a vehicle registration mark captured by a camera, with its date, time and location. Please give figures for the calendar years 2023, 2024 and 2025 unless a question asks otherwise.",
        ],
        Questions =
        [
            "How many fixed ANPR cameras did the force operate or have access to at the end of each year, and how many of those belonged to a third party such as a local authority?",
            "How many mobile ANPR units did the force have at the end of each year, for example cameras fitted to marked or unmarked vehicles, or portable trailer-mounted units?",
            "How many ANPR reads did the force submit to the National ANPR Data Centre in each year?",
            "How many of those reads produced an alert against a hotlist, and how many of the alerts were for vehicles of interest to counter-terrorism policing? I do not ask which vehicles.",
            "What is the force\u2019s retention period for ANPR reads that do not match a hotlist, and has any exception to the national retention period been approved for your force?",
            "How many times in each year did an officer or member of staff search historical ANPR data, and how many of those searches needed the authority of a superintendent or above?",
            "With which organisations outside policing does the force share ANPR data, and under what agreements? Please provide copies of any data sharing agreements.",
            "Has the force carried out a data protection impact assessment and a review against the Surveillance Camera Code of Practice for its ANPR cameras? If so, please provide copies and the dates they were completed.",
            "How many audits of ANPR data access did the force carry out in each year, and how many instances of inappropriate access did they find?",
            "What was the total expenditure, in \u00A3, on ANPR in each financial year from 2023/24 to 2025/26, split between cameras, software, communications and staff?",
        ],
        Closing =
        [
            "I do not ask for the location of any camera, and I understand why that information may be exempt under sections 24 and 31. Please do not withhold figures that reveal nothing about where the cameras are, such as the totals asked for above.",
            "If the cost of answering would exceed the appropriate limit, please answer questions 1, 3, 5 and 10 first and advise me how the rest might be narrowed. Please send your reply by email, with figures in a spreadsheet if possible. Thank you for your time; I appreciate that requests of this kind take real work.",
        ],
        SignOff = "Yours sincerely,",
    };

    /// <summary>The one-page letters.</summary>
    public static IReadOnlyList<Letter> All { get; } = [CounterTerrorismArrests, AnprCameras, StopAndSearch, Drones, TaserUse];

    /// <summary>The letters that run to two or three A4 pages.</summary>
    public static IReadOnlyList<Letter> MultiPage { get; } = [TaserReview, AnprReview];
}
