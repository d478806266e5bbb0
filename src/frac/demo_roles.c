/* The demo work roles (activities and required competencies, English and Hindi) and the posts of the demo
 * organisations that carry them, held by demo officials with their reporting officers. Deterministic. */
#include "frac/frac_int.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

struct demo_text {
	const char *en, *hi;
};

struct demo_req {
	const char *code;
	int level;
};

struct demo_role {
	const char *code, *name, *name_hi, *description, *description_hi;
	const char *owner;   /* organisation code */
	const char *extends; /* an earlier role's code, or NULL */
	int shared;
	struct demo_text activities[5]; /* up to the first { NULL } */
	struct demo_req reqs[8];        /* up to the first { NULL } */
};

static const struct demo_role ROLES[] = {
	{"SECTION-OFFICER", "Section Officer", "अनुभाग अधिकारी",
	 "Runs a section of a ministry or department: puts up files with notes and drafts, supervises the assistants "
	 "and keeps the records in order.",
	 "मंत्रालय या विभाग का एक अनुभाग चलाता है: टिप्पणी और प्रारूप के साथ फ़ाइलें प्रस्तुत करता है, सहायकों का "
	 "पर्यवेक्षण करता है और अभिलेख व्यवस्थित रखता है।",
	 "DOPT", NULL, 1,
	 {{"Puts up files in e-Office with a self-contained note and a draft for approval.",
	   "ई-ऑफिस में स्वतःपूर्ण टिप्पणी और अनुमोदन हेतु प्रारूप के साथ फ़ाइलें प्रस्तुत करना।"},
	  {"Prepares replies to Parliament questions, RTI applications and VIP references on time.",
	   "संसद प्रश्नों, आरटीआई आवेदनों और वीआईपी संदर्भों के उत्तर समय पर तैयार करना।"},
	  {"Allocates and supervises the work of Assistant Section Officers.",
	   "सहायक अनुभाग अधिकारियों के कार्य का आवंटन और पर्यवेक्षण करना।"},
	  {"Keeps the section's records, registers and weeding schedule up to date.",
	   "अनुभाग के अभिलेख, रजिस्टर और छँटाई अनुसूची अद्यतन रखना।"}},
	 {{"FUN-EOFFICE", 3}, {"FUN-POLICY", 2}, {"BEH-COMMUNICATION", 3}, {"BEH-INTEGRITY", 3}, {"BEH-TEAMWORK", 2}}},
	{"SECTION-OFFICER-PROCUREMENT", "Section Officer, procurement", "अनुभाग अधिकारी, खरीद",
	 "A Section Officer who runs the purchase of goods and services through GeM and tenders, under the General "
	 "Financial Rules.",
	 "सामान्य वित्तीय नियमों के अंतर्गत GeM और निविदाओं के माध्यम से वस्तुओं और सेवाओं की खरीद संभालने वाला "
	 "अनुभाग अधिकारी।",
	 "MOR", "SECTION-OFFICER", 0,
	 {{"Prepares purchase proposals, estimates and bid documents on GeM.",
	   "GeM पर खरीद प्रस्ताव, अनुमान और बोली दस्तावेज़ तैयार करना।"},
	  {"Services tender evaluation committees and records their minutes.",
	   "निविदा मूल्यांकन समितियों की सहायता करना और उनका कार्यवृत्त दर्ज करना।"},
	  {"Checks bills against contracts and tracks expenditure against the budget head.",
	   "अनुबंधों के अनुसार बिलों की जाँच करना और बजट शीर्ष के विरुद्ध व्यय पर नज़र रखना।"},
	  {"Answers vendors' queries and grievances fairly and in writing.",
	   "विक्रेताओं के प्रश्नों और शिकायतों का निष्पक्ष और लिखित उत्तर देना।"}},
	 {{"FUN-PROCUREMENT", 3}, {"FUN-FINANCE", 2}, {"BEH-INTEGRITY", 4}}},
	{"UNDER-SECRETARY", "Under Secretary", "अवर सचिव",
	 "Heads a branch of sections: examines cases, decides within delegated powers and submits the rest to senior "
	 "officers.",
	 "अनुभागों की एक शाखा का प्रमुख: मामलों की जाँच करता है, प्रत्यायोजित शक्तियों में निर्णय लेता है और शेष "
	 "वरिष्ठ अधिकारियों को प्रस्तुत करता है।",
	 "DOPT", NULL, 1,
	 {{"Disposes of cases within delegated financial and administrative powers.",
	   "प्रत्यायोजित वित्तीय और प्रशासनिक शक्तियों के भीतर मामलों का निपटान करना।"},
	  {"Reviews the pendency of the branch's sections every week.",
	   "शाखा के अनुभागों की लंबित स्थिति की साप्ताहिक समीक्षा करना।"},
	  {"Writes the annual appraisal of Section Officers and verifies their competencies.",
	   "अनुभाग अधिकारियों का वार्षिक मूल्यांकन लिखना और उनकी दक्षताओं का सत्यापन करना।"}},
	 {{"BEH-LEADERSHIP", 3}, {"BEH-DECISION", 3}, {"FUN-POLICY", 3}, {"FUN-EOFFICE", 2}, {"BEH-INTEGRITY", 4}}},
	{"STATION-MASTER", "Station Master", "स्टेशन मास्टर",
	 "In charge of a station: passing trains safely, the staff on shift and the passengers' amenities.",
	 "स्टेशन का प्रभारी: गाड़ियों का सुरक्षित संचालन, पाली के कर्मचारी और यात्री सुविधाएँ।", "RB", NULL, 0,
	 {{"Receives and despatches trains under the block working and interlocking rules.",
	   "ब्लॉक कार्यप्रणाली और इंटरलॉकिंग नियमों के अंतर्गत गाड़ियों को लेना और रवाना करना।"},
	  {"Handles signal failures, accidents and disruptions with the section controller.",
	   "सेक्शन नियंत्रक के साथ सिग्नल विफलता, दुर्घटना और व्यवधान को संभालना।"},
	  {"Briefs the shift staff and checks their safety knowledge.",
	   "पाली के कर्मचारियों को ब्रीफ़ करना और उनके संरक्षा ज्ञान की जाँच करना।"},
	  {"Attends to passengers' complaints and keeps the station's amenities working.",
	   "यात्रियों की शिकायतों का निवारण करना और स्टेशन की सुविधाएँ चालू रखना।"}},
	 {{"DOM-RAILWAY-OPS", 4}, {"BEH-DECISION", 3}, {"BEH-CITIZEN", 3}, {"BEH-COMMUNICATION", 2}, {"BEH-TEAMWORK", 3}}},
	{"DIV-COMMERCIAL-MANAGER", "Divisional Commercial Manager", "मंडल वाणिज्य प्रबंधक",
	 "Runs the division's passenger and freight business: ticketing, earnings, catering and customer service.",
	 "मंडल का यात्री और माल व्यवसाय चलाता है: टिकट, आय, खानपान और ग्राहक सेवा।", "RB", NULL, 0,
	 {{"Plans and reviews passenger and freight earnings against targets.",
	   "लक्ष्यों के विरुद्ध यात्री और माल आय की योजना और समीक्षा करना।"},
	  {"Supervises ticketing, reservation and ticket checking across the division.",
	   "पूरे मंडल में टिकट, आरक्षण और टिकट जाँच का पर्यवेक्षण करना।"},
	  {"Awards and monitors catering, parking and advertising contracts.",
	   "खानपान, पार्किंग और विज्ञापन अनुबंध देना और उनकी निगरानी करना।"},
	  {"Resolves passengers' grievances from RailMadad within the time limits.",
	   "रेलमदद से प्राप्त यात्रियों की शिकायतों का समय-सीमा में निवारण करना।"}},
	 {{"DOM-RAILWAY-OPS", 3}, {"BEH-LEADERSHIP", 3}, {"BEH-CITIZEN", 4}, {"FUN-FINANCE", 3}, {"FUN-DATA", 2},
	  {"FUN-PROCUREMENT", 2}}},
	{"INCOME-TAX-OFFICER", "Income Tax Officer", "आयकर अधिकारी",
	 "Assesses returns, processes refunds and answers taxpayers in a ward, through the faceless systems.",
	 "फेसलेस प्रणालियों के माध्यम से किसी वार्ड में रिटर्न का निर्धारण, रिफ़ंड की प्रक्रिया और करदाताओं को उत्तर "
	 "देता है।",
	 "CBDT", NULL, 0,
	 {{"Completes scrutiny assessments under the Income-tax Act within the time limits.",
	   "आयकर अधिनियम के अंतर्गत संवीक्षा निर्धारण समय-सीमा में पूरे करना।"},
	  {"Processes refunds and rectifications and replies to taxpayers' grievances.",
	   "रिफ़ंड और सुधार की प्रक्रिया करना और करदाताओं की शिकायतों का उत्तर देना।"},
	  {"Analyses TDS and high-value transaction data to find those who do not file.",
	   "रिटर्न न भरने वालों का पता लगाने के लिए टीडीएस और उच्च-मूल्य लेन-देन डेटा का विश्लेषण करना।"}},
	 {{"DOM-DIRECT-TAX", 4}, {"BEH-INTEGRITY", 4}, {"BEH-CITIZEN", 3}, {"FUN-DATA", 3}, {"FUN-EOFFICE", 2}}},
	{"POSTMASTER", "Postmaster", "पोस्टमास्टर", "Runs a head post office: mail, savings bank, insurance and the counters.",
	 "प्रधान डाकघर का संचालन: डाक, बचत बैंक, बीमा और काउंटर।", "DOP", NULL, 0,
	 {{"Supervises the counters, mail sorting and delivery beats.",
	   "काउंटरों, डाक छँटाई और वितरण बीटों का पर्यवेक्षण करना।"},
	  {"Checks the daily accounts of the savings bank and the IPPB transactions.",
	   "बचत बैंक के दैनिक लेखों और आईपीपीबी लेन-देन की जाँच करना।"},
	  {"Runs enrolment drives for Sukanya Samriddhi and postal life insurance.",
	   "सुकन्या समृद्धि और डाक जीवन बीमा के लिए नामांकन अभियान चलाना।"},
	  {"Settles customers' complaints at the counter and on the portal.",
	   "काउंटर और पोर्टल पर ग्राहकों की शिकायतों का निपटान करना।"}},
	 {{"DOM-POSTAL", 4}, {"BEH-CITIZEN", 3}, {"FUN-FINANCE", 3}, {"BEH-LEADERSHIP", 2}, {"BEH-TEAMWORK", 3}}},
	{"STATION-HOUSE-OFFICER", "Station House Officer", "थाना प्रभारी",
	 "In charge of a police station: registering complaints, investigation, law and order and the beat staff.",
	 "थाने का प्रभारी: शिकायतों का पंजीकरण, अन्वेषण, कानून-व्यवस्था और बीट कर्मचारी।", "MHA", NULL, 0,
	 {{"Registers every complaint and FIR promptly and courteously, through CCTNS.",
	   "सीसीटीएनएस के माध्यम से हर शिकायत और प्राथमिकी शीघ्र और शिष्टता से दर्ज करना।"},
	  {"Supervises investigations and files charge-sheets on time.",
	   "अन्वेषण का पर्यवेक्षण करना और आरोप-पत्र समय पर दाखिल करना।"},
	  {"Plans beat patrolling and community policing meetings.",
	   "बीट गश्त और सामुदायिक पुलिसिंग बैठकों की योजना बनाना।"},
	  {"Attends to women, children and senior citizens who come to the station.",
	   "थाने आने वाली महिलाओं, बच्चों और वरिष्ठ नागरिकों की सहायता करना।"}},
	 {{"DOM-POLICING", 4}, {"BEH-EMPATHY", 3}, {"BEH-INTEGRITY", 4}, {"BEH-DECISION", 3}, {"BEH-LEADERSHIP", 3}}},
	{"DISTRICT-HEALTH-OFFICER", "District Health Officer", "जिला स्वास्थ्य अधिकारी",
	 "Runs the district's public health programmes and facilities under the National Health Mission.",
	 "राष्ट्रीय स्वास्थ्य मिशन के अंतर्गत जिले के जन स्वास्थ्य कार्यक्रमों और सुविधाओं का संचालन करता है।", "DOHFW",
	 NULL, 0,
	 {{"Plans and reviews the immunisation, TB and maternal health programmes.",
	   "टीकाकरण, टीबी और मातृ स्वास्थ्य कार्यक्रमों की योजना और समीक्षा करना।"},
	  {"Watches the district's health data on HMIS and acts on outbreaks.",
	   "एचएमआईएस पर जिले के स्वास्थ्य डेटा पर नज़र रखना और प्रकोप पर कार्रवाई करना।"},
	  {"Manages the NHM budget and the procurement of drugs and equipment.",
	   "एनएचएम बजट और दवाओं व उपकरणों की खरीद का प्रबंधन करना।"},
	  {"Supervises the primary health centres and their medical officers.",
	   "प्राथमिक स्वास्थ्य केंद्रों और उनके चिकित्सा अधिकारियों का पर्यवेक्षण करना।"}},
	 {{"DOM-PUBLIC-HEALTH", 4}, {"FUN-PROJECT", 3}, {"FUN-DATA", 3}, {"BEH-LEADERSHIP", 3}, {"BEH-EMPATHY", 3},
	  {"FUN-FINANCE", 2}}},
	{"TRAINING-COORDINATOR", "Training coordinator", "प्रशिक्षण समन्वयक",
	 "Plans and runs an organisation's capacity building: training needs, nominations, courses on iGOT Karmayogi "
	 "and their follow-up.",
	 "संगठन के क्षमता निर्माण की योजना और संचालन: प्रशिक्षण आवश्यकताएँ, नामांकन, आईगॉट कर्मयोगी पर पाठ्यक्रम और "
	 "उनका अनुवर्तन।",
	 "DOPT", NULL, 1,
	 {{"Collects training needs for the annual capacity building plan.",
	   "वार्षिक क्षमता निर्माण योजना के लिए प्रशिक्षण आवश्यकताएँ एकत्र करना।"},
	  {"Schedules programmes, nominates officials and books faculty and venues.",
	   "कार्यक्रम निर्धारित करना, अधिकारियों को नामित करना और संकाय व स्थान बुक करना।"},
	  {"Reports completions and feedback to the ministry's capacity building unit.",
	   "मंत्रालय की क्षमता निर्माण इकाई को पूर्णता और प्रतिक्रिया की रिपोर्ट देना।"}},
	 {{"FUN-PROJECT", 3}, {"BEH-COMMUNICATION", 3}, {"BEH-TEAMWORK", 3}, {"FUN-DATA", 2}, {"BEH-CITIZEN", 2}}},
};
#define NROLES (sizeof ROLES / sizeof ROLES[0])

/* A post. holder: an account's email, NULL for the next suitable demo official of the org, "" for vacant.
 * reports_to: an earlier post's code in the same org, or NULL for the org's senior officer. */
struct demo_post {
	const char *org, *code, *title, *title_hi, *designation;
	const char *roles[3];
	const char *holder, *reports_to, *start_date;
};

static const struct demo_post POSTS[] = {
	{"RB", "RB-US-STORES", "Under Secretary (Railway Stores)", "अवर सचिव (रेलवे भंडार)", "US", {"UNDER-SECRETARY"},
	 "supervisor@karmayogi.demo", NULL, "2022-07-15"},
	{"RB", "RB-SO-PROC-1", "Section Officer (Procurement I)", "अनुभाग अधिकारी (खरीद I)", "SO",
	 {"SECTION-OFFICER-PROCUREMENT"}, "learner@karmayogi.demo", "RB-US-STORES", "2024-04-01"},
	{"RB", "RB-SO-PROC-2", "Section Officer (Procurement II)", "अनुभाग अधिकारी (खरीद II)", "SO",
	 {"SECTION-OFFICER-PROCUREMENT"}, NULL, "RB-US-STORES", NULL},
	{"RB", "RB-SO-ESTT", "Section Officer (Establishment)", "अनुभाग अधिकारी (स्थापना)", "SO", {"SECTION-OFFICER"},
	 NULL, "RB-US-STORES", NULL},
	{"RB", "RB-SO-COORD", "Section Officer (Coordination)", "अनुभाग अधिकारी (समन्वय)", "SO", {"SECTION-OFFICER"}, "",
	 NULL, NULL},
	{"RB", "RB-SO-TRG", "Section Officer and training coordinator", "अनुभाग अधिकारी एवं प्रशिक्षण समन्वयक", "SO",
	 {"SECTION-OFFICER", "TRAINING-COORDINATOR"}, NULL, NULL, NULL},
	{"NR", "NR-DYCCM", "Deputy Chief Commercial Manager", "उप मुख्य वाणिज्य प्रबंधक", NULL,
	 {"DIV-COMMERCIAL-MANAGER"}, NULL, NULL, NULL},
	{"NR", "NR-SO-STORES", "Section Officer (Stores Procurement)", "अनुभाग अधिकारी (भंडार खरीद)", "SO",
	 {"SECTION-OFFICER-PROCUREMENT"}, NULL, NULL, NULL},
	{"NR", "NR-TRG", "Training coordinator, Northern Railway", "प्रशिक्षण समन्वयक, उत्तर रेलवे", NULL,
	 {"TRAINING-COORDINATOR"}, NULL, NULL, NULL},
	{"NR-DLI", "NR-DLI-SRDCM", "Senior Divisional Commercial Manager, Delhi", "वरिष्ठ मंडल वाणिज्य प्रबंधक, दिल्ली",
	 NULL, {"DIV-COMMERCIAL-MANAGER"}, NULL, NULL, NULL},
	{"NR-DLI", "NR-DLI-SM-NDLS", "Station Master, New Delhi", "स्टेशन मास्टर, नई दिल्ली", "SM", {"STATION-MASTER"},
	 NULL, NULL, NULL},
	{"NR-DLI", "NR-DLI-SM-DLI", "Station Master, Delhi Junction", "स्टेशन मास्टर, दिल्ली जंक्शन", "SM",
	 {"STATION-MASTER"}, NULL, NULL, NULL},
	{"NR-DLI", "NR-DLI-SM-NZM", "Station Master, Hazrat Nizamuddin", "स्टेशन मास्टर, हज़रत निज़ामुद्दीन", "SM",
	 {"STATION-MASTER"}, NULL, NULL, NULL},
	{"NR-DLI", "NR-DLI-SM-ANVT", "Station Master, Anand Vihar Terminal", "स्टेशन मास्टर, आनंद विहार टर्मिनल", "SM",
	 {"STATION-MASTER"}, "", NULL, NULL},
	{"NR-DLI", "NR-DLI-SO-PROC", "Section Officer (Divisional Procurement)", "अनुभाग अधिकारी (मंडल खरीद)", "SO",
	 {"SECTION-OFFICER-PROCUREMENT"}, NULL, "NR-DLI-SRDCM", NULL},
	{"WR", "WR-DCM-BCT", "Divisional Commercial Manager, Mumbai Central", "मंडल वाणिज्य प्रबंधक, मुंबई सेंट्रल", NULL,
	 {"DIV-COMMERCIAL-MANAGER"}, NULL, NULL, NULL},
	{"WR", "WR-SM-BCT", "Station Master, Mumbai Central", "स्टेशन मास्टर, मुंबई सेंट्रल", "SM", {"STATION-MASTER"},
	 NULL, NULL, NULL},
	{"WR", "WR-SM-BDTS", "Station Master, Bandra Terminus", "स्टेशन मास्टर, बांद्रा टर्मिनस", "SM", {"STATION-MASTER"},
	 NULL, NULL, NULL},
	{"WR", "WR-SO-PROC", "Section Officer (Procurement)", "अनुभाग अधिकारी (खरीद)", "SO",
	 {"SECTION-OFFICER-PROCUREMENT"}, NULL, "WR-DCM-BCT", NULL},
	{"DOP-DL", "DOP-DL-PM-GPO", "Postmaster, Delhi GPO", "पोस्टमास्टर, दिल्ली जीपीओ", NULL, {"POSTMASTER"}, NULL, NULL,
	 NULL},
	{"DOP-DL", "DOP-DL-PM-NDL", "Postmaster, New Delhi HPO", "पोस्टमास्टर, नई दिल्ली प्रधान डाकघर", NULL,
	 {"POSTMASTER"}, NULL, NULL, NULL},
	{"DOP-DL", "DOP-DL-PM-LDR", "Postmaster, Lodhi Road HPO", "पोस्टमास्टर, लोधी रोड प्रधान डाकघर", NULL,
	 {"POSTMASTER"}, NULL, NULL, NULL},
	{"DOP-DL", "DOP-DL-PM-KRN", "Postmaster, Krishna Nagar HPO", "पोस्टमास्टर, कृष्णा नगर प्रधान डाकघर", NULL,
	 {"POSTMASTER"}, "", NULL, NULL},
	{"DOP-DL", "DOP-DL-SO", "Section Officer (Circle Office)", "अनुभाग अधिकारी (परिमंडल कार्यालय)", "SO",
	 {"SECTION-OFFICER"}, NULL, NULL, NULL},
	{"CBDT", "CBDT-ITO-W11", "Income Tax Officer, Ward 1(1), Delhi", "आयकर अधिकारी, वार्ड 1(1), दिल्ली", "ITO",
	 {"INCOME-TAX-OFFICER"}, NULL, NULL, NULL},
	{"CBDT", "CBDT-ITO-W23", "Income Tax Officer, Ward 2(3), Delhi", "आयकर अधिकारी, वार्ड 2(3), दिल्ली", "ITO",
	 {"INCOME-TAX-OFFICER"}, NULL, NULL, NULL},
	{"CBDT", "CBDT-ITO-TDS1", "Income Tax Officer, TDS Ward 1, Delhi", "आयकर अधिकारी, टीडीएस वार्ड 1, दिल्ली", "ITO",
	 {"INCOME-TAX-OFFICER"}, NULL, NULL, NULL},
	{"CBDT", "CBDT-SO-ITA", "Section Officer (Income Tax Administration)", "अनुभाग अधिकारी (आयकर प्रशासन)", "SO",
	 {"SECTION-OFFICER"}, NULL, NULL, NULL},
	{"CBIC", "CBIC-SO-CUS", "Section Officer (Customs Policy)", "अनुभाग अधिकारी (सीमा शुल्क नीति)", "SO",
	 {"SECTION-OFFICER"}, NULL, NULL, NULL},
	{"CBIC", "CBIC-TRG", "Training coordinator (NACIN liaison)", "प्रशिक्षण समन्वयक (नासिन संपर्क)", NULL,
	 {"TRAINING-COORDINATOR"}, NULL, NULL, NULL},
	{"BPRD", "BPRD-SO-MOD", "Section Officer (Police Modernisation)", "अनुभाग अधिकारी (पुलिस आधुनिकीकरण)", "SO",
	 {"SECTION-OFFICER"}, NULL, NULL, NULL},
	{"BPRD", "BPRD-TRG", "Training coordinator (Police Training)", "प्रशिक्षण समन्वयक (पुलिस प्रशिक्षण)", NULL,
	 {"TRAINING-COORDINATOR"}, NULL, NULL, NULL},
	{"CRPF", "CRPF-SO-PROV", "Section Officer (Provisioning)", "अनुभाग अधिकारी (प्रावधान)", "SO", {"SECTION-OFFICER"},
	 NULL, NULL, NULL},
	{"CRPF", "CRPF-TRG", "Training coordinator (CRPF Academy)", "प्रशिक्षण समन्वयक (सीआरपीएफ अकादमी)", NULL,
	 {"TRAINING-COORDINATOR"}, NULL, NULL, NULL},
	{"PUDP", "PUDP-SHO-GB", "Station House Officer, Grand Bazaar", "थाना प्रभारी, ग्रैंड बाज़ार", "SI",
	 {"STATION-HOUSE-OFFICER"}, NULL, NULL, NULL},
	{"PUDP", "PUDP-SHO-ORL", "Station House Officer, Orleanpet", "थाना प्रभारी, ओर्लियनपेट", "SI",
	 {"STATION-HOUSE-OFFICER"}, NULL, NULL, NULL},
	{"PUDP", "PUDP-SHO-KLP", "Station House Officer, Kalapet", "थाना प्रभारी, कालापेट", "SI",
	 {"STATION-HOUSE-OFFICER"}, NULL, NULL, NULL},
	{"PUDP", "PUDP-SHO-LSP", "Station House Officer, Lawspet", "थाना प्रभारी, लॉसपेट", "SI",
	 {"STATION-HOUSE-OFFICER"}, NULL, NULL, NULL},
	{"DOHFW", "DOHFW-DHO-NUH", "District Health Officer, Nuh", "जिला स्वास्थ्य अधिकारी, नूंह", NULL,
	 {"DISTRICT-HEALTH-OFFICER"}, NULL, NULL, NULL},
	{"DOHFW", "DOHFW-DHO-BRH", "District Health Officer, Bahraich", "जिला स्वास्थ्य अधिकारी, बहराइच", NULL,
	 {"DISTRICT-HEALTH-OFFICER"}, NULL, NULL, NULL},
	{"DOHFW", "DOHFW-SO-NHM", "Section Officer (NHM Finance)", "अनुभाग अधिकारी (एनएचएम वित्त)", "SO",
	 {"SECTION-OFFICER"}, NULL, NULL, NULL},
	{"DOHFW", "DOHFW-TRG", "Training coordinator (Health)", "प्रशिक्षण समन्वयक (स्वास्थ्य)", NULL,
	 {"TRAINING-COORDINATOR"}, NULL, NULL, NULL},
	{"DHR", "DHR-SO-RP", "Section Officer (Research Policy)", "अनुभाग अधिकारी (अनुसंधान नीति)", "SO",
	 {"SECTION-OFFICER"}, NULL, NULL, NULL},
	{"DOPT", "DOPT-US-TRG", "Under Secretary (Training Division)", "अवर सचिव (प्रशिक्षण प्रभाग)", "US",
	 {"UNDER-SECRETARY"}, NULL, NULL, NULL},
	{"DOPT", "DOPT-SO-TRG", "Section Officer (Training Division)", "अनुभाग अधिकारी (प्रशिक्षण प्रभाग)", "SO",
	 {"SECTION-OFFICER"}, NULL, "DOPT-US-TRG", NULL},
	{"DOPT", "DOPT-TRG-IGOT", "Training coordinator (iGOT Karmayogi)", "प्रशिक्षण समन्वयक (आईगॉट कर्मयोगी)", NULL,
	 {"TRAINING-COORDINATOR"}, NULL, "DOPT-US-TRG", NULL},
	{"DARPG", "DARPG-US-PG", "Under Secretary (Public Grievances)", "अवर सचिव (लोक शिकायत)", "US",
	 {"UNDER-SECRETARY"}, NULL, NULL, NULL},
	{"DARPG", "DARPG-SO-CPG", "Section Officer (CPGRAMS)", "अनुभाग अधिकारी (सीपीग्राम्स)", "SO", {"SECTION-OFFICER"},
	 NULL, "DARPG-US-PG", NULL},
	{"ISTM", "ISTM-TRG-PROC", "Training coordinator (Procurement courses)", "प्रशिक्षण समन्वयक (खरीद पाठ्यक्रम)",
	 NULL, {"TRAINING-COORDINATOR"}, NULL, NULL, NULL},
	{"ISTM", "ISTM-TRG-EOF", "Training coordinator (e-Office courses)", "प्रशिक्षण समन्वयक (ई-ऑफिस पाठ्यक्रम)", NULL,
	 {"TRAINING-COORDINATOR"}, NULL, NULL, NULL},
};
#define NPOSTS (sizeof POSTS / sizeof POSTS[0])

/* The id one query finds for one text parameter: 1 found, 0 not, -1 error. */
static int lookup(struct db_conn *db, const char *sql, const char *key, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st || db_bind_text(st, 1, key)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int org_id(struct db_conn *db, const char *code, int64_t *id)
{
	return lookup(db, "SELECT id FROM organisations WHERE code = $1", code, id);
}

static int done(struct db_stmt *st, int failed)
{
	int rc = failed ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE || rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int insert_role(struct db_conn *db, const struct demo_role *r, int64_t owner, int64_t extends, int64_t now,
		       int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO work_roles (code, name_en, name_hi, description_en, "
					    "description_hi, org_id, shared, extends_id, status, created_at, updated_at) "
					    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $9) RETURNING id");
	int rc = !st || db_bind_text(st, 1, r->code) || db_bind_text(st, 2, r->name) || db_bind_text(st, 3, r->name_hi) ||
		 db_bind_text(st, 4, r->description) || db_bind_text(st, 5, r->description_hi) ||
		 db_bind_int64(st, 6, owner) || db_bind_int64(st, 7, r->shared) ||
		 (extends ? db_bind_int64(st, 8, extends) : db_bind_null(st, 8)) || db_bind_int64(st, 9, now);
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	return rc < 0 ? rc : rc ? DB_ERROR : 0;
}

static int insert_role_parts(struct db_conn *db, const struct demo_role *r, int64_t id)
{
	int rc = 0;
	for (int i = 0; i < 5 && r->activities[i].en && !rc; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO role_activities (role_id, seq, text_en, text_hi) "
						    "VALUES ($1, $2, $3, $4)");
		rc = done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, i + 1) ||
				      db_bind_text(st, 3, r->activities[i].en) || db_bind_text(st, 4, r->activities[i].hi));
	}
	for (int i = 0; i < 8 && r->reqs[i].code && !rc; i++) {
		int64_t comp = 0;
		int found = lookup(db, "SELECT id FROM competencies WHERE code = $1", r->reqs[i].code, &comp);
		if (found <= 0)
			return DB_ERROR;
		struct db_stmt *st = db_prepare(db, "INSERT INTO role_requirements (role_id, competency_id, level) "
						    "VALUES ($1, $2, $3)");
		rc = done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, comp) ||
				      db_bind_int64(st, 3, r->reqs[i].level));
	}
	return rc;
}

static int64_t role_id(const int64_t ids[NROLES], const char *code)
{
	for (size_t i = 0; i < NROLES; i++)
		if (!strcmp(ROLES[i].code, code))
			return ids[i];
	return 0;
}

static int write_roles(struct db_conn *db, int64_t ids[NROLES], int64_t now)
{
	for (size_t i = 0; i < NROLES; i++) {
		int64_t owner = 0;
		int found = org_id(db, ROLES[i].owner, &owner);
		if (found <= 0)
			return DB_ERROR;
		int64_t extends = ROLES[i].extends ? role_id(ids, ROLES[i].extends) : 0;
		int rc = insert_role(db, &ROLES[i], owner, extends, now, &ids[i]);
		if (!rc)
			rc = insert_role_parts(db, &ROLES[i], ids[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* The generated demo officials of one organisation (accounts excluded), in employee-code order. */
#define STAFF_MAX 128
struct staff {
	size_t n;
	int64_t id[STAFF_MAX];
	char designation[STAFF_MAX][8];
	bool used[STAFF_MAX];
	int64_t officer; /* its senior officer: the reporting officer of posts that name none */
};

static int load_staff(struct db_conn *db, int64_t org, struct staff *s)
{
	memset(s, 0, sizeof *s);
	struct db_stmt *st = db_prepare(db, "SELECT id, designation FROM officials WHERE org_id = $1 AND status = 'active' "
					    "AND email NOT LIKE '%@karmayogi.demo' ORDER BY employee_code, id");
	if (!st || db_bind_int64(st, 1, org)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW && s->n < STAFF_MAX) {
		s->id[s->n] = db_column_int64(st, 0);
		snprintf(s->designation[s->n], sizeof s->designation[0], "%s",
			 db_column_null(st, 1) ? "" : db_column_text(st, 1));
		s->n++;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Takes the first unused official with the designation (NULL: any); 0 when none is left. */
static int64_t take(struct staff *s, const char *designation)
{
	for (size_t i = 0; i < s->n; i++)
		if (!s->used[i] && (!designation || !strcmp(s->designation[i], designation))) {
			s->used[i] = true;
			return s->id[i];
		}
	return 0;
}

static void pick_officer(struct staff *s)
{
	static const char *const SENIOR[] = {"DIR", "DS", "US", NULL};
	s->officer = 0;
	for (size_t i = 0; SENIOR[i] && !s->officer; i++)
		s->officer = take(s, SENIOR[i]);
	if (!s->officer)
		s->officer = take(s, NULL);
}

static int insert_post(struct db_conn *db, const struct demo_post *p, int64_t org, const int64_t roles[NROLES],
		       int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO positions (org_id, code, title_en, title_hi, designation, status, "
					    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'active', $6, $6) "
					    "RETURNING id");
	int rc = !st || db_bind_int64(st, 1, org) || db_bind_text(st, 2, p->code) || db_bind_text(st, 3, p->title) ||
		 db_bind_text(st, 4, p->title_hi) || db_bind_text(st, 5, p->designation) || db_bind_int64(st, 6, now);
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	if (rc)
		return rc < 0 ? rc : DB_ERROR;
	for (int i = 0; i < 3 && p->roles[i] && !rc; i++) {
		st = db_prepare(db, "INSERT INTO position_roles (position_id, role_id) VALUES ($1, $2)");
		rc = done(st, !st || db_bind_int64(st, 1, *id) || db_bind_int64(st, 2, role_id(roles, p->roles[i])));
	}
	return rc;
}

static int insert_holding(struct db_conn *db, int64_t post, int64_t official, int64_t officer, const char *start,
			  int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO position_holders (position_id, official_id, reporting_officer_id, "
					    "start_date, created_at) VALUES ($1, $2, $3, $4, $5)");
	return done(st, !st || db_bind_int64(st, 1, post) || db_bind_int64(st, 2, official) ||
				(officer ? db_bind_int64(st, 3, officer) : db_bind_null(st, 3)) ||
				db_bind_text(st, 4, start) || db_bind_int64(st, 5, now));
}

/* Whom a post goes to, nearest designation first; then anyone left. */
static const char *const *preference(const char *designation)
{
	static const char *const SENIOR[] = {"DIR", "DS", "US", "SO", "ITO", "SSA", NULL};
	static const char *const CHAINS[][6] = {
		{"SO", "ASO", "SSA", "UDC", NULL}, {"US", "DS", "DIR", "SO", NULL}, {"SM", "UDC", "ASO", "MTS", NULL},
		{"ITO", "SSA", "SO", "ASO", NULL}, {"SI", "SO", "ASO", NULL},
	};
	for (size_t i = 0; designation && i < sizeof CHAINS / sizeof CHAINS[0]; i++)
		if (!strcmp(CHAINS[i][0], designation))
			return CHAINS[i];
	return SENIOR;
}

/* Who holds a post: an account, the official whose designation fits it best, or nobody (0). */
static int choose_holder(struct db_conn *db, const struct demo_post *p, struct staff *s, int64_t *holder)
{
	*holder = 0;
	if (p->holder && !*p->holder)
		return 0;
	if (p->holder)
		return lookup(db, "SELECT id FROM officials WHERE email = $1", p->holder, holder) < 0 ? DB_ERROR : 0;
	for (const char *const *d = preference(p->designation); *d && !*holder; d++)
		*holder = take(s, *d);
	if (!*holder)
		*holder = take(s, NULL);
	return 0;
}

static int64_t officer_for(const struct demo_post *p, const int64_t holders[NPOSTS], const struct staff *s)
{
	if (p->reports_to)
		for (size_t i = 0; i < NPOSTS; i++)
			if (!strcmp(POSTS[i].code, p->reports_to) && holders[i])
				return holders[i];
	return s->officer;
}

static int write_posts(struct db_conn *db, const int64_t roles[NROLES], int64_t now)
{
	static struct staff staff; /* large; the demo runs once, single-threaded */
	int64_t holders[NPOSTS] = {0};
	int64_t org = 0;
	for (size_t i = 0; i < NPOSTS; i++) {
		const struct demo_post *p = &POSTS[i];
		if (!i || strcmp(p->org, POSTS[i - 1].org)) {
			if (org_id(db, p->org, &org) <= 0 || load_staff(db, org, &staff))
				return DB_ERROR;
			pick_officer(&staff);
		}
		int64_t post = 0;
		int rc = insert_post(db, p, org, roles, now, &post);
		if (!rc)
			rc = choose_holder(db, p, &staff, &holders[i]);
		if (rc)
			return rc;
		if (!holders[i])
			continue;
		int64_t officer = officer_for(p, holders, &staff);
		char start[11];
		snprintf(start, sizeof start, "%s", p->start_date ? p->start_date : "");
		if (!p->start_date) /* spread over 2021-2025, fixed per post */
			snprintf(start, sizeof start, "%04zu-%02zu-01", 2021 + (i * 7) % 5, 1 + (i * 5) % 12);
		rc = insert_holding(db, post, holders[i], officer == holders[i] ? 0 : officer, start, now);
		if (rc)
			return rc;
	}
	return 0;
}

int frac_demo_roles(struct db_conn *db)
{
	int64_t ids[NROLES] = {0};
	int64_t now = util_now_ms();
	int rc = write_roles(db, ids, now);
	return rc ? rc : write_posts(db, ids, now);
}
