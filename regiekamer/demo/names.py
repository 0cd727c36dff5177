"""Name material for the demo: street names, company names. All companies are fictitious."""

# Streets found in almost every Dutch town.
COMMON_STREETS: tuple[str, ...] = (
    "Kerkstraat", "Schoolstraat", "Molenstraat", "Dorpsstraat", "Stationsstraat", "Nieuwstraat",
    "Kloosterstraat", "Julianastraat", "Beatrixstraat", "Wilhelminastraat", "Emmastraat",
    "Prins Bernhardstraat", "Oranjestraat", "Parallelweg", "Markt", "Kerkplein", "Raadhuisstraat",
    "Hoofdstraat", "Kapelstraat", "Veldstraat", "Burgemeester Gommansstraat", "Irenestraat",
    "Marijkestraat", "Koningin Julianastraat", "Pastoor Vullinghsstraat", "Sint Jozefstraat",
    "Sint Antoniusstraat", "Mgr. Nolensstraat", "Van Goghstraat", "Rembrandtstraat",
    "Vermeerstraat", "Frans Halsstraat", "Jan Steenstraat", "Mauritsstraat", "Willem Alexanderstraat",
    "Zandstraat", "Broekstraat", "Heuvelstraat", "Spoorstraat", "Lindelaan", "Eikenlaan",
    "Beukenlaan", "Kastanjelaan", "Populierenlaan", "Berkenlaan", "Esdoornstraat", "Acaciastraat",
    "Iepenstraat", "Wilgenstraat", "Meidoornstraat", "Rozenstraat", "Tulpenstraat", "Narcissenstraat",
    "Leliestraat", "Irisstraat", "Anjerstraat", "Goudenregenstraat", "Merelstraat", "Lijsterstraat",
    "Spechtstraat", "Vinkenstraat", "Kievitstraat", "Zwaluwstraat", "Reigerstraat", "Valkstraat",
    "Sperwerstraat", "Mozartstraat", "Beethovenstraat", "Chopinstraat", "Schubertstraat",
    "Händelstraat", "Vondelstraat", "Bilderdijkstraat", "Tollensstraat", "Potgieterstraat",
    "Thorbeckestraat", "Van der Waalsstraat", "Lorentzstraat", "Kamerlingh Onnesstraat",
    "Sportlaan", "Parklaan", "Tuinstraat", "Boschstraat", "Weidestraat", "Akkerstraat",
    "Korte Kerkstraat", "Lange Kerkstraat", "Nieuwe Markt", "Zuidsingel", "Noordsingel",
    "Oostsingel", "Westsingel", "Prinsenhof", "Kloosterhof", "Pastoorshof", "Hoogstraat",
)

# Names that sound like Noord-Limburg: the Maas, the Peel, local routes and local history.
LOCAL_STREETS: tuple[str, ...] = (
    "Maasweg", "Maasstraat", "Maaskade", "Maasboulevard", "Peelweg", "Peelstraat", "Peelkensweg",
    "Kaldenkerkerweg", "Tegelseweg", "Venrayseweg", "Horsterweg", "Sevenumseweg", "Helmondseweg",
    "Eindhovenseweg", "Roermondseweg", "Straelseweg", "Hagerhofweg", "Grotestraat", "Lambertusplein",
    "Americaanseweg", "Kronenbergseweg", "Meterikseweg", "Hoogheide", "Lorbaan", "Schadijkerweg",
    "Gasthuisstraat", "Parade", "Lomstraat", "Keulsepoort", "Jodenstraat", "Klaasstraat",
    "Vleesstraat", "Begijnengang", "Nijmeegseweg", "Gennepperweg", "Niersweg", "Heijenseweg",
    "Kleefsebaan", "Mookerweg", "Smakterweg", "Oostrummerweg", "Overloonseweg", "Deurneseweg",
    "Panningseweg", "Beringerweg", "Kesselseweg", "Baarloseweg", "Heldenseweg", "Maasbreeseweg",
    "Reuverseweg", "Beeselseweg", "Swalmerweg", "Offenbeekerweg", "Wellsestraat", "Bergenseweg",
    "Afferdensestraat", "Siebengewaldseweg", "Arcenseweg", "Lingsforterweg", "Veldenseweg",
    "Hasseltsestraat", "Blerickseweg", "Groenveldsingel", "Tiendstraat", "Kempweg", "Heierhoeve",
    "Broekhuizerweg", "Heiveld", "Haagweg", "Kasteelstraat", "Hoekerstraat", "Ooijenseweg",
    "Raayerveldlaan", "Ganzenstraat", "Hulsterweg", "Witveldweg", "Eckerweg", "Koppertweg",
    "Spurkt", "Antoniusveld", "Pastoor Kerkhoffsstraat", "Burgemeester Berghsstraat",
    "Schelmkensweg", "Heutzstraat", "Sint Martinusstraat", "Lambertushof", "Blariacumstraat",
)

# Streets of business parks (bedrijventerreinen): where companies, and sometimes illegal housing, are.
INDUSTRIAL_STREETS: tuple[str, ...] = (
    "Industrieweg", "Nijverheidsweg", "Ambachtsweg", "Handelsweg", "Transportweg", "Edisonstraat",
    "Marconistraat", "Ampèrestraat", "Celsiusweg", "Newtonstraat", "Kelvinstraat", "Voltastraat",
    "Ohmstraat", "Wattstraat", "Galvanistraat", "Fahrenheitstraat", "Energieweg", "Logistiekweg",
    "Columbusweg", "Magellaanweg", "Tasmanweg", "Hudsonweg", "Venloseweg", "Veilingweg",
    "Tuinbouwweg", "Kassenweg", "Expeditieweg", "Containerweg", "Vrachtweg", "Distributieweg",
)

# Parts of fictitious company names: "<place or theme><kind> B.V."
COMPANY_STEMS: tuple[str, ...] = (
    "Maas", "Peel", "Kempen", "Niers", "Venlo", "Limburg", "Noord-Limburg", "Maasland", "Peelland",
    "Horst", "Venray", "Maasdal", "Greenport", "Trade Port", "Heide", "Eik", "Linde", "Rivier",
    "Brug", "Kroon", "Zuid", "Grens", "Oever", "Vallei", "Kasteel", "Molen", "Hoeve", "Dijk",
)
# Common Limburg surnames, for family firms ("Janssen Vastgoed B.V.").
SURNAMES: tuple[str, ...] = (
    "Janssen", "Peeters", "Hendriks", "Verhoeven", "Geurts", "Jacobs", "Smeets", "Willems", "Gommans",
    "Verstappen", "Hermans", "Thijssen", "Vullings", "Coenen", "Driessen", "Kersten", "Linders", "Poels",
    "Van Rens", "Van den Munckhof", "Jeurissen", "Hesen", "Wijnhoven", "Rutten", "Cox", "Lemmen",
)
PROPERTY_SUFFIXES: tuple[str, ...] = (
    " Vastgoed B.V.", " Woningbeheer B.V.", " Properties B.V.", " Beheer B.V.",
    " Onroerend Goed B.V.", " Verhuur B.V.", " Real Estate B.V.", " Housing B.V.", " Holding B.V.",
)
BUSINESS_SUFFIXES: tuple[str, ...] = (
    " Metaal B.V.", " Techniek B.V.", " Installatie B.V.", " Handel B.V.", " Bouw B.V.",
    " Transport B.V.", " Opslag B.V.", " Groothandel B.V.", " Machinefabriek B.V.", " Advies B.V.",
)
AGENCY_NAMES: tuple[str, ...] = (
    "Flexpower Uitzendbureau", "Maas Personeelsdiensten", "EuroStaff Limburg", "Greenport Flex",
    "WerkVerbinding Noord-Limburg", "Peel Personeel", "Trade Port Staffing", "Flexwork Venlo",
    "ProTemp Uitzendgroep", "Interflex Detachering", "Logistaff", "AgriWork Uitzendbureau",
    "Horti Personeel", "Continental Staffing", "Crossborder Flex", "WorkForce Benelux",
    "Uitzendgroep De Maas", "StaffPoint Limburg", "Seasonal Support", "Optiflex Personeel",
    "Grensland Uitzend", "Quickstaff", "PeopleFirst Flex", "Allround Personeelsdiensten",
    "Fresh Personnel", "Orderpick Uitzend", "Harvest Staffing", "Kempen Flexwerk",
)
EMPLOYER_NAMES: tuple[str, ...] = (
    "Kwekerij De Kempen", "Champignonkwekerij America", "Glastuinbouw Sevenum", "Distributiecentrum Venlo",
    "Logistiek Trade Port", "Aspergeteelt Grubbenvorst", "Boomkwekerij Baarlo", "Vleeswaren Horst",
    "Tomatenkwekerij Californië", "Fruitteelt Ysselsteyn", "Koelvers Venray", "Orderpick Blerick",
    "Bloemenkwekerij Helden", "Slachterij Noord-Limburg", "E-commerce Fulfilment Venlo",
    "Paprikateelt Tienray", "Komkommerkwekerij Maasbree", "Pakstation Wanssum",
)
CORPORATIONS: dict[str, str] = {
    # Woonwenz is the Venlo corporation that takes part in the demo; the others are invented.
    "GM0983": "Woonwenz",
    "GM1507": "Stichting Wonen Horst",
    "GM1894": "Woonstichting De Peelrand",
    "GM0984": "Stichting Woonbelang Venray",
    "GM0889": "Woonstichting Maasdal",
    "GM0893": "Stichting Wonen Bergen-Well",
    "GM0907": "Woonstichting Niersdal",
}
