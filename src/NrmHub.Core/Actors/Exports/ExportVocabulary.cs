namespace NrmHub.Core.Actors.Exports;

/// <summary>
/// English labels and definitions for the codes that leave in exports. Exports are read by other systems and
/// international partners, so they are in English whatever the UI language; the codes themselves stay as in the seed.
/// </summary>
public static class ExportVocabulary
{
    public static string Label(ServiceType service) => service switch
    {
        ServiceType.Identification => "Identification",
        ServiceType.Shelter => "Shelter",
        ServiceType.Medical => "Medical care",
        ServiceType.Psychosocial => "Psychosocial support",
        ServiceType.LegalAid => "Legal aid",
        ServiceType.StateGrant => "State grant",
        ServiceType.ChildEducation => "Education for children",
        ServiceType.Livelihoods => "Livelihoods",
        ServiceType.VoluntaryReturn => "Voluntary return",
        ServiceType.Counselling => "Counselling",
        ServiceType.LabourInspection => "Labour inspection",
        ServiceType.Investigation => "Investigation",
        ServiceType.Prosecution => "Prosecution",
        ServiceType.Awareness => "Awareness raising",
        ServiceType.Documentation => "Identity documents",
        ServiceType.Hotline => "Hotline",
        _ => service.ToString(),
    };

    public static string Definition(ServiceType service) => service switch
    {
        ServiceType.Identification => "Identifying a presumed victim of trafficking and recognising victim status.",
        ServiceType.Shelter => "Safe accommodation in a shelter.",
        ServiceType.Medical => "Medical examination, care and treatment.",
        ServiceType.Psychosocial => "Psychological and social support.",
        ServiceType.LegalAid => "Legal advice and representation.",
        ServiceType.StateGrant => "The one-off state allowance for recognised victims.",
        ServiceType.ChildEducation => "Schooling and education for child victims.",
        ServiceType.Livelihoods => "Vocational training, employment and income support for reintegration.",
        ServiceType.VoluntaryReturn => "Assisted voluntary return to the country of origin or residence.",
        ServiceType.Counselling => "Information and counselling for people at risk, including safe migration.",
        ServiceType.LabourInspection => "Inspecting workplaces for forced labour and labour exploitation.",
        ServiceType.Investigation => "Criminal investigation of trafficking offences.",
        ServiceType.Prosecution => "Prosecuting trafficking offences and supporting victims in the proceedings.",
        ServiceType.Awareness => "Public awareness and prevention campaigns.",
        ServiceType.Documentation => "Restoring identity and travel documents.",
        ServiceType.Hotline => "A telephone hotline for reports, advice and referral.",
        _ => service.ToString(),
    };

    public static string Definition(Pillar pillar) => pillar switch
    {
        Pillar.Prevention => "Preventing trafficking in human beings.",
        Pillar.Prosecution => "Investigating and prosecuting trafficking.",
        Pillar.Protection => "Identifying, protecting and assisting victims.",
        Pillar.Partnership => "Cooperation between state bodies, civil society and international partners.",
        _ => pillar.ToString(),
    };

    public static string Label(ActorKind kind) => kind switch
    {
        ActorKind.StateBody => "State body",
        ActorKind.LawEnforcement => "Law enforcement",
        ActorKind.ProsecutionJudiciary => "Prosecution or judiciary",
        ActorKind.Ngo => "NGO",
        ActorKind.Shelter => "Shelter",
        ActorKind.InternationalOrganisation => "International organisation",
        ActorKind.Embassy => "Embassy or consulate",
        ActorKind.PrivateSector => "Private sector",
        ActorKind.Hotline => "Hotline",
        ActorKind.InformationCentre => "Information centre",
        _ => kind.ToString(),
    };
}
