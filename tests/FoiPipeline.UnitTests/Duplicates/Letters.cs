namespace FoiPipeline.UnitTests.Duplicates;

/// <summary>Request letters written for these tests: a few originals and the ways people re-send them.</summary>
internal static class Letters
{
    /// <summary>Where the analyzer finds the request in a letter: what a fingerprint is taken over.</summary>
    public static IReadOnlyList<(int Start, int End)> RequestSpans(string letter)
        => FoiPipeline.Analysis.Layout.LetterLayout.Of(letter).RequestSpans;

    public const string TaserUse = """
        Dear Sir or Madam,

        Under the Freedom of Information Act 2000, I would like to request the following information about
        the use of conducted energy devices (Taser) by West Midlands Police.

        1. For each calendar year from 2019 to 2023, the number of times a Taser was drawn, aimed, red-dotted
           or fired by officers of the force.
        2. For each of those years, the number of times a Taser was fired at a person under the age of 18,
           and the number of those occasions on which the person was recorded as having a mental health condition.
        3. The number of formal complaints received about the use of Taser in each of those years, and how
           many of those complaints were upheld.
        4. The total number of officers currently trained and authorised to carry Taser, as at the date of
           this request.

        If it is not possible to provide all of this information within the cost limit, please prioritise
        questions 1 and 4 and let me know what can be provided.

        I would prefer to receive the information electronically, in a spreadsheet if possible.

        Yours faithfully,

        Alex Morgan
        """;

    // The same request a month later: a new greeting, the year range moved on by a year.
    public const string TaserUseNewGreetingAndYears = """
        Dear FOI Team,

        Under the Freedom of Information Act 2000, I would like to request the following information about
        the use of conducted energy devices (Taser) by West Midlands Police.

        1. For each calendar year from 2020 to 2024, the number of times a Taser was drawn, aimed, red-dotted
           or fired by officers of the force.
        2. For each of those years, the number of times a Taser was fired at a person under the age of 18,
           and the number of those occasions on which the person was recorded as having a mental health condition.
        3. The number of formal complaints received about the use of Taser in each of those years, and how
           many of those complaints were upheld.
        4. The total number of officers currently trained and authorised to carry Taser, as at the date of
           this request.

        If it is not possible to provide all of this information within the cost limit, please prioritise
        questions 1 and 4 and let me know what can be provided.

        I would prefer to receive the information electronically, in a spreadsheet if possible.

        Yours faithfully,

        Alex Morgan
        """;

    // Only the year range changed: a little less similar, still the same request.
    public const string TaserUseChangedYears = """
        Dear Sir or Madam,

        Under the Freedom of Information Act 2000, I would like to request the following information about
        the use of conducted energy devices (Taser) by West Midlands Police.

        1. For each calendar year from 2021 to 2024, the number of times a Taser was drawn, aimed, red-dotted
           or fired by officers of the force.
        2. For each of those years, the number of times a Taser was fired at a person under the age of 18,
           and the number of those occasions on which the person was recorded as having a mental health condition.
        3. The number of formal complaints received about the use of Taser in each of those years, and how
           many of those complaints were upheld.
        4. The total number of officers currently trained and authorised to carry Taser, as at the date of
           this request.

        If it is not possible to provide all of this information within the cost limit, please prioritise
        questions 1 and 4 and let me know what can be provided.

        I would prefer to receive the information electronically, in a spreadsheet if possible.

        Yours faithfully,

        Alex Morgan
        """;

    // The same questions in another order, with the numbering to match.
    public const string TaserUseReordered = """
        Dear Sir or Madam,

        Under the Freedom of Information Act 2000, I would like to request the following information about
        the use of conducted energy devices (Taser) by West Midlands Police.

        1. The total number of officers currently trained and authorised to carry Taser, as at the date of
           this request.
        2. The number of formal complaints received about the use of Taser in each of those years, and how
           many of those complaints were upheld.
        3. For each calendar year from 2019 to 2023, the number of times a Taser was drawn, aimed, red-dotted
           or fired by officers of the force.
        4. For each of those years, the number of times a Taser was fired at a person under the age of 18,
           and the number of those occasions on which the person was recorded as having a mental health condition.

        If it is not possible to provide all of this information within the cost limit, please prioritise
        questions 1 and 3 and let me know what can be provided.

        I would prefer to receive the information electronically, in a spreadsheet if possible.

        Yours faithfully,

        Alex Morgan
        """;

    // A couple of words changed here and there, as when someone retypes a request from memory.
    public const string TaserUseReworded = """
        Dear Sir or Madam,

        Under the Freedom of Information Act 2000, I would like to request the following information regarding
        the use of conducted energy devices (Taser) by West Midlands Police.

        1. For each calendar year from 2019 to 2023, the number of times a Taser was drawn, aimed, red-dotted
           or discharged by officers of the force.
        2. For each of those years, the number of times a Taser was fired at a person under the age of 18,
           and the number of those occasions on which the person was recorded as having a mental health condition.
        3. The number of formal complaints received about the use of Taser in each of those years, and how
           many of those complaints were upheld.
        4. The total number of officers presently trained and authorised to carry Taser, as at the date of
           this request.

        If it is not possible to provide all of this information within the cost limit, please prioritise
        questions 1 and 4 and tell me what can be provided.

        I would prefer to receive the information electronically, in a spreadsheet if possible.

        Yours faithfully,

        Alex Morgan
        """;

    // The body of a round-robin request as a campaign group circulated it to every force in England and Wales.
    public const string FacialRecognitionCampaignBody = """
        I am writing to request information under the Freedom of Information Act 2000 about your force's use
        of facial recognition technology. Please provide the following.

        1. Whether the force has used live facial recognition (LFR) cameras in a public place at any time
           between 1 January 2022 and the date of this request and, if so, the dates and locations of each
           deployment.
        2. For each deployment, the number of faces scanned, the number of alerts generated, the number of
           people stopped as a result of an alert and the number of those people who were arrested.
        3. Whether the force has used retrospective facial recognition or operator initiated facial
           recognition on images from the Police National Database, and the number of searches made in each
           financial year since 2021/22.
        4. A copy of any equality impact assessment, data protection impact assessment or legitimate aim and
           proportionality document produced for the use of facial recognition.
        5. The name of any supplier of facial recognition software to the force and the total amount paid
           to that supplier since 1 April 2021.

        I understand that this request is being sent to other police forces and I would be grateful for a
        response that allows the figures to be compared.
        """;

    public static string FacialRecognitionCampaign(string greeting, string signOff) =>
        $"{greeting}\n\n{FacialRecognitionCampaignBody}\n{signOff}\n";

    public const string AnprCameras = """
        Dear Freedom of Information Officer,

        Please could you provide the following information under the Freedom of Information Act 2000 about
        automatic number plate recognition (ANPR) in the force area.

        1. How many fixed ANPR cameras are operated by or on behalf of the force, and how many mobile ANPR
           units are fitted to police vehicles?
        2. The locations of the fixed ANPR cameras, at the level of road or junction.
        3. How long ANPR reads are retained before they are deleted, and whether this has changed since 2020.

        Kind regards,

        Sam Patel
        """;

    // The same topic, different questions: not a repeat and not a round robin.
    public const string AnprHotlists = """
        Dear Sir or Madam,

        I would like to request the following information under the Freedom of Information Act 2000 about
        automatic number plate recognition (ANPR) alerts.

        1. How many vehicles were added to ANPR hotlists by the force in each year from 2021 to 2024?
        2. How many ANPR alerts led to a vehicle being stopped, and how many of those stops resulted in an arrest?
        3. Does the force share ANPR data with local authorities for the enforcement of clean air zones?

        Yours faithfully,

        Chris Doyle
        """;

    public const string CounterTerrorismArrests = """
        Dear Metropolitan Police Service,

        Under the Freedom of Information Act, please tell me how many people were arrested under section 41
        of the Terrorism Act 2000 by the Counter Terrorism Command in each year from 2020 to 2024, how many
        of them were charged with an offence, and how many were released without charge.

        Many thanks,

        Priya Shah
        """;

    public const string StopAndSearch = """
        Hello,

        I am researching the use of stop and search powers. Please provide, for each month of 2024, the
        number of searches carried out under section 60 of the Criminal Justice and Public Order Act 1994,
        broken down by the self-defined ethnicity of the person searched, and the number of those searches
        that resulted in an arrest.

        Best wishes,

        Daniel Okafor
        """;
}
