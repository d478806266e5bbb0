/* The demo question bank DEMO-BANK-RTI: two dozen questions on the Right to Information Act, 2005, of every
 * kind, in English and Hindi, each with its explanation and tagged with a demo competency and level (policy
 * drafting at levels 1 and 2, citizen centricity, communication), which the demo assessments draw on. */
#include "assess/demo_int.h"

#include "assess/assess_int.h"

#include <string.h>

struct demo_option {
	const char *en, *hi;
	bool correct;
};

struct demo_question {
	const char *kind, *competency;
	int level;
	const char *en, *hi, *why_en, *why_hi;
	struct demo_option options[ASSESS_DEMO_OPTIONS]; /* single and multiple; a NULL en ends them */
	bool truth;                                      /* true_false */
	const char *answers[4];                          /* fill_blank, as written; NULL ends them */
};

#define FP "FUN-POLICY"
#define BC "BEH-CITIZEN"
#define CM "BEH-COMMUNICATION"

static const struct demo_question QUESTIONS[ASSESS_DEMO_QUESTIONS] = {
	/* 0 */
	{"single",
	 FP,
	 1,
	 "In which year was the Right to Information Act enacted?",
	 "सूचना का अधिकार अधिनियम किस वर्ष अधिनियमित हुआ?",
	 "Parliament passed the Act in June 2005; it came fully into force on 12 October 2005.",
	 "संसद ने यह अधिनियम जून 2005 में पारित किया; यह 12 अक्टूबर 2005 से पूरी तरह लागू हुआ।",
	 {{"2002", "2002", false}, {"2005", "2005", true}, {"2009", "2009", false}, {"2013", "2013", false}},
	 false,
	 {NULL}},
	/* 1 */
	{"single",
	 FP,
	 1,
	 "Within how many days must a Public Information Officer ordinarily answer a request?",
	 "लोक सूचना अधिकारी को सामान्यतः कितने दिनों के भीतर आवेदन का उत्तर देना होता है?",
	 "Section 7(1): as soon as possible, and in any case within thirty days of receiving the request.",
	 "धारा 7(1): यथाशीघ्र, और हर हाल में आवेदन मिलने के तीस दिनों के भीतर।",
	 {{"15 days", "15 दिन", false},
	  {"30 days", "30 दिन", true},
	  {"45 days", "45 दिन", false},
	  {"60 days", "60 दिन", false}},
	 false,
	 {NULL}},
	/* 2 */
	{"fill_blank",
	 FP,
	 1,
	 "A request must ordinarily be answered within ____ days of its receipt.",
	 "आवेदन का उत्तर सामान्यतः उसकी प्राप्ति के ____ दिनों के भीतर देना होता है।",
	 "Thirty days (Section 7(1)); forty-eight hours when the life or liberty of a person is at stake.",
	 "तीस दिन (धारा 7(1)); किसी व्यक्ति के जीवन या स्वतंत्रता का प्रश्न हो तो अड़तालीस घंटे।",
	 {{NULL, NULL, false}},
	 false,
	 {"30", "thirty", "तीस", "३०"}},
	/* 3 */
	{"true_false",
	 FP,
	 1,
	 "An applicant must give the reasons for asking for the information.",
	 "आवेदक को सूचना माँगने का कारण बताना अनिवार्य है।",
	 "False. Section 6(2): no reason is asked, nor any personal detail beyond what is needed to reach the "
	 "applicant.",
	 "गलत। धारा 6(2): कोई कारण नहीं पूछा जाता, और न ही संपर्क के लिए आवश्यक से अधिक कोई व्यक्तिगत विवरण।",
	 {{NULL, NULL, false}},
	 false,
	 {NULL}},
	/* 4 */
	{"single",
	 FP,
	 1,
	 "What is the application fee for a request to a central public authority?",
	 "केंद्रीय लोक प्राधिकरण को आवेदन का शुल्क कितना है?",
	 "The RTI Rules, 2012 set ten rupees; an applicant below the poverty line pays nothing.",
	 "सूचना का अधिकार नियम, 2012 के अनुसार दस रुपये; गरीबी रेखा से नीचे के आवेदक से कोई शुल्क नहीं लिया जाता।",
	 {{"₹10", "₹10", true},
	  {"₹50", "₹50", false},
	  {"₹100", "₹100", false},
	  {"Nothing, for anyone", "किसी से कुछ नहीं", false}},
	 false,
	 {NULL}},
	/* 5 */
	{"true_false",
	 FP,
	 1,
	 "An applicant below the poverty line pays no application fee.",
	 "गरीबी रेखा से नीचे का आवेदक कोई आवेदन शुल्क नहीं देता।",
	 "True. Section 7(5): no fee is charged to a person below the poverty line.",
	 "सही। धारा 7(5): गरीबी रेखा से नीचे के व्यक्ति से कोई शुल्क नहीं लिया जाता।",
	 {{NULL, NULL, false}},
	 true,
	 {NULL}},
	/* 6 */
	{"multiple",
	 FP,
	 1,
	 "Which of these are 'information' under Section 2(f) of the Act?",
	 "अधिनियम की धारा 2(च) के अंतर्गत इनमें से क्या-क्या 'सूचना' है?",
	 "Section 2(f) names records, documents, e-mails, opinions, log books, contracts, samples, models and "
	 "electronic data held by the authority; a PIO need not create an opinion that does not exist.",
	 "धारा 2(च) में प्राधिकरण के पास रखे अभिलेख, दस्तावेज़, ई-मेल, राय, लॉग बुक, अनुबंध, नमूने, मॉडल और इलेक्ट्रॉनिक "
	 "डेटा शामिल हैं; जो राय है ही नहीं, उसे लोक सूचना अधिकारी को बनाना नहीं पड़ता।",
	 {{"E-mails", "ई-मेल", true},
	  {"Samples and models", "नमूने और मॉडल", true},
	  {"Log books and contracts", "लॉग बुक और अनुबंध", true},
	  {"An opinion the PIO would have to form for the applicant",
	   "ऐसी राय जो लोक सूचना अधिकारी को आवेदक के लिए बनानी पड़े", false}},
	 false,
	 {NULL}},
	/* 7 */
	{"fill_blank",
	 FP,
	 1,
	 "PIO stands for Public ______ Officer.",
	 "PIO का पूरा नाम लोक ______ अधिकारी है।",
	 "The Public Information Officer of each public authority receives requests and answers them (Section 5).",
	 "हर लोक प्राधिकरण का लोक सूचना अधिकारी आवेदन लेता है और उनका उत्तर देता है (धारा 5)।",
	 {{NULL, NULL, false}},
	 false,
	 {"Information", "सूचना"}},
	/* 8 */
	{"single",
	 FP,
	 2,
	 "When a request concerns the life or liberty of a person, the information is due within:",
	 "जब आवेदन किसी व्यक्ति के जीवन या स्वतंत्रता से जुड़ा हो, तो सूचना कितने समय में देनी होती है?",
	 "The proviso to Section 7(1): within forty-eight hours of receiving the request.",
	 "धारा 7(1) का परंतुक: आवेदन मिलने के अड़तालीस घंटों के भीतर।",
	 {{"24 hours", "24 घंटे", false},
	  {"48 hours", "48 घंटे", true},
	  {"7 days", "7 दिन", false},
	  {"30 days", "30 दिन", false}},
	 false,
	 {NULL}},
	/* 9 */
	{"single",
	 FP,
	 2,
	 "Within how many days must a request be transferred to the public authority that holds the information?",
	 "जिस लोक प्राधिकरण के पास सूचना है, उसे आवेदन कितने दिनों में अंतरित करना होता है?",
	 "Section 6(3): within five days of receiving it, and the applicant is told at once.",
	 "धारा 6(3): आवेदन मिलने के पाँच दिनों के भीतर, और आवेदक को तुरंत सूचित किया जाता है।",
	 {{"5 days", "5 दिन", true},
	  {"10 days", "10 दिन", false},
	  {"15 days", "15 दिन", false},
	  {"30 days", "30 दिन", false}},
	 false,
	 {NULL}},
	/* 10 */
	{"single",
	 FP,
	 2,
	 "To whom does the first appeal lie?",
	 "प्रथम अपील किसके पास की जाती है?",
	 "Section 19(1): to an officer senior in rank to the PIO in the same public authority, within thirty days.",
	 "धारा 19(1): उसी लोक प्राधिकरण में लोक सूचना अधिकारी से वरिष्ठ अधिकारी के पास, तीस दिनों के भीतर।",
	 {{"The Central Information Commission", "केंद्रीय सूचना आयोग", false},
	  {"An officer senior to the PIO in the same public authority",
	   "उसी लोक प्राधिकरण में लोक सूचना अधिकारी से वरिष्ठ अधिकारी", true},
	  {"The Secretary of the ministry", "मंत्रालय के सचिव", false},
	  {"The district court", "ज़िला न्यायालय", false}},
	 false,
	 {NULL}},
	/* 11 */
	{"single",
	 FP,
	 2,
	 "Within how many days of the first appeal's decision may the second appeal be filed?",
	 "प्रथम अपील के निर्णय के कितने दिनों के भीतर द्वितीय अपील की जा सकती है?",
	 "Section 19(3): within ninety days, with the Central or State Information Commission.",
	 "धारा 19(3): नब्बे दिनों के भीतर, केंद्रीय या राज्य सूचना आयोग के पास।",
	 {{"30 days", "30 दिन", false},
	  {"60 days", "60 दिन", false},
	  {"90 days", "90 दिन", true},
	  {"180 days", "180 दिन", false}},
	 false,
	 {NULL}},
	/* 12 */
	{"multiple",
	 FP,
	 2,
	 "Which of these may be withheld under Section 8(1)?",
	 "धारा 8(1) के अंतर्गत इनमें से क्या रोका जा सकता है?",
	 "Section 8(1) exempts, among others, what would harm the sovereignty and integrity of India, what a "
	 "foreign government gave in confidence and personal information unrelated to public activity; a "
	 "section's count of pending files is none of these.",
	 "धारा 8(1) अन्य बातों के साथ उस सूचना को छूट देती है जिससे भारत की संप्रभुता और अखंडता को हानि हो, जो किसी विदेशी "
	 "सरकार ने विश्वास में दी हो, और ऐसी व्यक्तिगत सूचना जिसका किसी लोक गतिविधि से संबंध न हो; किसी अनुभाग में लंबित "
	 "फ़ाइलों की संख्या इनमें नहीं आती।",
	 {{"What would harm the sovereignty and integrity of India", "जिससे भारत की संप्रभुता और अखंडता को हानि हो", true},
	  {"What a foreign government gave in confidence", "जो किसी विदेशी सरकार ने विश्वास में दी हो", true},
	  {"Personal information unrelated to any public activity", "व्यक्तिगत सूचना जिसका किसी लोक गतिविधि से संबंध न हो",
	   true},
	  {"The number of files pending in a section", "किसी अनुभाग में लंबित फ़ाइलों की संख्या", false}},
	 false,
	 {NULL}},
	/* 13 */
	{"true_false",
	 FP,
	 2,
	 "The intelligence and security organisations of the Second Schedule need not give information even about "
	 "allegations of corruption.",
	 "दूसरी अनुसूची के आसूचना और सुरक्षा संगठनों को भ्रष्टाचार के आरोपों की सूचना भी नहीं देनी होती।",
	 "False. The proviso to Section 24(1): information on allegations of corruption and of human rights "
	 "violations is not excluded.",
	 "गलत। धारा 24(1) का परंतुक: भ्रष्टाचार और मानवाधिकार उल्लंघन के आरोपों से जुड़ी सूचना इस छूट में नहीं आती।",
	 {{NULL, NULL, false}},
	 false,
	 {NULL}},
	/* 14 */
	{"fill_blank",
	 FP,
	 2,
	 "Proactive disclosure by every public authority is required under Section ____ of the Act.",
	 "हर लोक प्राधिकरण द्वारा स्वप्रेरित प्रकटीकरण अधिनियम की धारा ____ के अंतर्गत आवश्यक है।",
	 "Section 4(1)(b) lists what every public authority publishes of its own accord, and keeps up to date.",
	 "धारा 4(1)(ख) बताती है कि हर लोक प्राधिकरण स्वयं क्या प्रकाशित करे और उसे अद्यतन रखे।",
	 {{NULL, NULL, false}},
	 false,
	 {"4", "४", "4(1)(b)", "Section 4"}},
	/* 15 */
	{"single",
	 FP,
	 2,
	 "What is the most an Information Commission may impose as a penalty on a PIO?",
	 "सूचना आयोग लोक सूचना अधिकारी पर अधिकतम कितना दंड लगा सकता है?",
	 "Section 20(1): two hundred and fifty rupees a day until the information is given, up to twenty-five "
	 "thousand rupees in all.",
	 "धारा 20(1): सूचना दिए जाने तक प्रतिदिन ढाई सौ रुपये, कुल मिलाकर अधिकतम पच्चीस हज़ार रुपये।",
	 {{"₹250 a day, up to ₹25,000", "₹250 प्रतिदिन, अधिकतम ₹25,000", true},
	  {"₹1,000 a day, with no limit", "₹1,000 प्रतिदिन, बिना सीमा", false},
	  {"₹10,000, once", "₹10,000, एक बार", false},
	  {"None: only disciplinary action", "कोई नहीं: केवल अनुशासनिक कार्रवाई", false}},
	 false,
	 {NULL}},
	/* 16 */
	{"true_false",
	 BC,
	 1,
	 "When an applicant cannot write the request, the PIO must help put the oral request "
	 "into writing.",
	 "जब आवेदक आवेदन लिख नहीं सकता, तो लोक सूचना अधिकारी को मौखिक अनुरोध लिखित रूप में लाने में सहायता करनी होती है।",
	 "True. Section 6(1): the PIO renders all reasonable help to put an oral request into writing.",
	 "सही। धारा 6(1): लोक सूचना अधिकारी मौखिक अनुरोध को लिखित रूप देने में हर उचित सहायता करता है।",
	 {{NULL, NULL, false}},
	 true,
	 {NULL}},
	/* 17 */
	{"single",
	 BC,
	 1,
	 "An applicant writes the request in Hindi. The PIO should:",
	 "एक आवेदक ने आवेदन हिंदी में लिखा है। लोक सूचना अधिकारी को क्या करना चाहिए?",
	 "Section 6(1): a request may be made in English, in Hindi or in the official language of the area.",
	 "धारा 6(1): आवेदन अंग्रेज़ी, हिंदी या उस क्षेत्र की राजभाषा में किया जा सकता है।",
	 {{"Return it and ask for English", "उसे लौटाकर अंग्रेज़ी में माँगना", false},
	  {"Accept it and answer within the time limit", "उसे स्वीकार कर समय-सीमा में उत्तर देना", true},
	  {"Charge a translation fee", "अनुवाद शुल्क लेना", false},
	  {"Send it to the official language cell instead", "उसे राजभाषा प्रकोष्ठ को भेज देना", false}},
	 false,
	 {NULL}},
	/* 18 */
	{"multiple",
	 BC,
	 1,
	 "A request is rejected. What must the reply tell the applicant?",
	 "आवेदन अस्वीकार किया गया है। उत्तर में आवेदक को क्या बताना आवश्यक है?",
	 "Section 7(8): the reasons, the period within which an appeal may be made, and the particulars of the "
	 "appellate authority.",
	 "धारा 7(8): कारण, वह अवधि जिसमें अपील की जा सकती है, और अपीलीय प्राधिकारी का विवरण।",
	 {{"The reasons for the rejection", "अस्वीकृति के कारण", true},
	  {"The period within which an appeal may be made", "वह अवधि जिसमें अपील की जा सकती है", true},
	  {"The particulars of the appellate authority", "अपीलीय प्राधिकारी का विवरण", true},
	  {"Why the applicant should not have asked", "आवेदक को क्यों नहीं पूछना चाहिए था", false}},
	 false,
	 {NULL}},
	/* 19 */
	{"fill_blank",
	 BC,
	 1,
	 "Requests to central public authorities can be made on the RTI ______ portal.",
	 "केंद्रीय लोक प्राधिकरणों से आवेदन आरटीआई ______ पोर्टल पर किए जा सकते हैं।",
	 "RTI Online (rtionline.gov.in) takes requests, fees and first appeals for central public authorities.",
	 "आरटीआई ऑनलाइन (rtionline.gov.in) केंद्रीय लोक प्राधिकरणों के लिए आवेदन, शुल्क और प्रथम अपील लेता है।",
	 {{NULL, NULL, false}},
	 false,
	 {"Online", "ऑनलाइन"}},
	/* 20 */
	{"single",
	 BC,
	 2,
	 "A citizen asks for copies of 2,000 pages. The best response is to:",
	 "एक नागरिक 2,000 पृष्ठों की प्रतियाँ माँगता है। सबसे अच्छा उत्तर क्या है?",
	 "Section 7(9) asks for the information in the form requested unless that would divert resources "
	 "disproportionately; inspecting the records is a right under Section 2(j), and no reason may be asked.",
	 "धारा 7(9) के अनुसार सूचना माँगे गए रूप में दी जाती है, जब तक इससे संसाधनों का असंगत उपयोग न हो; अभिलेखों का "
	 "निरीक्षण धारा 2(ञ) के अंतर्गत अधिकार है, और कारण नहीं पूछा जा सकता।",
	 {{"Refuse: the request is too large", "मना करना: आवेदन बहुत बड़ा है", false},
	  {"Give the copies at the set fee, or offer an inspection of the records",
	   "निर्धारित शुल्क पर प्रतियाँ देना, या अभिलेखों के निरीक्षण का प्रस्ताव देना", true},
	  {"Ask why the citizen needs them", "नागरिक से पूछना कि उसे इनकी आवश्यकता क्यों है", false},
	  {"Send only a summary", "केवल सारांश भेजना", false}},
	 false,
	 {NULL}},
	/* 21 */
	{"true_false",
	 BC,
	 2,
	 "When the PIO gives no decision within the time limit, the request is deemed to have been refused.",
	 "जब लोक सूचना अधिकारी समय-सीमा में कोई निर्णय नहीं देता, तो आवेदन अस्वीकृत माना जाता है।",
	 "True. Section 7(2): silence past the time limit is a deemed refusal, and the applicant may appeal.",
	 "सही। धारा 7(2): समय-सीमा बीतने पर चुप्पी को अस्वीकृति माना जाता है, और आवेदक अपील कर सकता है।",
	 {{NULL, NULL, false}},
	 true,
	 {NULL}},
	/* 22 */
	{"multiple",
	 CM,
	 2,
	 "Which of these make a reply to an RTI applicant clear?",
	 "इनमें से कौन-सी बातें आरटीआई आवेदक को दिए गए उत्तर को स्पष्ट बनाती हैं?",
	 "Answer point by point in plain words, say which section allows what is withheld, and sign with your name "
	 "and designation; a bare memorandum number tells the applicant nothing.",
	 "हर बिंदु का क्रम से सरल शब्दों में उत्तर दें, जो रोका गया उसकी धारा बताएँ, और अपने नाम और पदनाम के साथ हस्ताक्षर "
	 "करें; केवल कार्यालय ज्ञापन की संख्या से आवेदक को कुछ पता नहीं चलता।",
	 {{"Answering each point of the request in order", "आवेदन के हर बिंदु का क्रम से उत्तर", true},
	  {"Naming the section of the Act for anything withheld", "जो रोका गया उसके लिए अधिनियम की धारा बताना", true},
	  {"Only the number of an office memorandum, without a copy", "केवल कार्यालय ज्ञापन की संख्या, बिना प्रति के", false},
	  {"The name and designation of the PIO who signs", "हस्ताक्षर करने वाले लोक सूचना अधिकारी का नाम और पदनाम", true}},
	 false,
	 {NULL}},
	/* 23 */
	{"single",
	 CM,
	 2,
	 "The information asked for is held by another ministry. The clearest reply:",
	 "माँगी गई सूचना किसी दूसरे मंत्रालय के पास है। सबसे स्पष्ट उत्तर कौन-सा है?",
	 "Transfer the request within five days (Section 6(3)) and tell the applicant where it went and when, so "
	 "they know whom to follow up with.",
	 "आवेदन पाँच दिनों में अंतरित करें (धारा 6(3)) और आवेदक को बताएँ कि वह कहाँ और कब भेजा गया, ताकि उन्हें पता रहे "
	 "कि आगे किससे संपर्क करना है।",
	 {{"Says nothing and lets the time run out", "कुछ नहीं कहता और समय बीत जाने देता है", false},
	  {"Says the request was transferred, to whom, and on which date",
	   "बताता है कि आवेदन अंतरित किया गया, किसे और किस तारीख को", true},
	  {"Tells the applicant to apply elsewhere", "आवेदक से कहीं और आवेदन करने को कहता है", false},
	  {"Sends the applicant's letter back", "आवेदक का पत्र लौटा देता है", false}},
	 false,
	 {NULL}},
};

/* Priya's practice attempt: four right and one wrong (she thought the first appeal goes to the Commission). */
const struct assess_demo_answer assess_demo_practice[ASSESS_DEMO_PRACTICE] = {
	{0, 1u << 1, NULL, true}, {6, 7u, NULL, true},        {3, 1u << 1, NULL, true},
	{2, 0, "30", true},       {10, 1u << 0, NULL, false},
};

static int insert_returning(struct db_stmt *st, int failed, int64_t *id)
{
	int rc = failed ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int insert_done(struct db_stmt *st, int failed)
{
	int rc = failed ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int insert_question(struct db_conn *conn, int64_t bank, const struct demo_question *q, int64_t author,
			   int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(
		conn,
		"INSERT INTO questions (bank_id, kind, text_en, text_hi, explanation_en, explanation_hi, "
		"competency_id, level, points, created_by, created_at, updated_at) SELECT $1, $2, $3, $4, $5, $6, "
		"k.id, $7, 1, $8, $9, $9 FROM competencies k WHERE k.code = $10 RETURNING id");
	return insert_returning(st,
				!st || db_bind_int64(st, 1, bank) || db_bind_text(st, 2, q->kind) ||
					db_bind_text(st, 3, q->en) || db_bind_text(st, 4, q->hi) ||
					db_bind_text(st, 5, q->why_en) || db_bind_text(st, 6, q->why_hi) ||
					db_bind_int64(st, 7, q->level) || db_bind_int64(st, 8, author) ||
					db_bind_int64(st, 9, now) || db_bind_text(st, 10, q->competency),
				id);
}

static int insert_option(struct db_conn *conn, int64_t question, size_t seq, const char *en, const char *hi,
			 bool correct, int64_t *id)
{
	struct db_stmt *st = db_prepare(conn, "INSERT INTO question_options (question_id, seq, text_en, text_hi, "
					      "correct) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	return insert_returning(st,
				!st || db_bind_int64(st, 1, question) || db_bind_int64(st, 2, (int64_t)seq + 1) ||
					db_bind_text(st, 3, en) || db_bind_text(st, 4, hi) ||
					db_bind_int64(st, 5, correct),
				id);
}

/* The answer as written, and in the normal form the engine compares typed answers in. */
static int insert_answer(struct db_conn *conn, int64_t question, size_t seq, const char *answer)
{
	struct buf norm;
	buf_init(&norm, 1024);
	if (assess_normalise(answer, strlen(answer), &norm)) {
		buf_free(&norm);
		return DB_ERROR;
	}
	struct db_stmt *st = db_prepare(conn, "INSERT INTO question_answers (question_id, seq, answer, normalised) "
					      "VALUES ($1, $2, $3, $4)");
	int rc = insert_done(st, !st || db_bind_int64(st, 1, question) || db_bind_int64(st, 2, (int64_t)seq + 1) ||
					 db_bind_text(st, 3, answer) || db_bind_textn(st, 4, norm.data, norm.len));
	buf_free(&norm);
	return rc;
}

/* A true/false question's two options, as the server makes them. */
static const struct demo_option TRUE_FALSE[2] = {{"True", "सही", true}, {"False", "गलत", false}};

static int write_question(struct db_conn *conn, int64_t bank, size_t i, int64_t author, int64_t now,
			  struct assess_demo_bank *out)
{
	const struct demo_question *q = &QUESTIONS[i];
	int rc = insert_question(conn, bank, q, author, now, &out->question[i]);
	if (!strcmp(q->kind, "true_false"))
		for (size_t o = 0; !rc && o < 2; o++)
			rc = insert_option(conn, out->question[i], o, TRUE_FALSE[o].en, TRUE_FALSE[o].hi,
					   TRUE_FALSE[o].correct == q->truth, &out->option[i][o]);
	else if (!strcmp(q->kind, "fill_blank"))
		for (size_t a = 0; !rc && a < 4 && q->answers[a]; a++)
			rc = insert_answer(conn, out->question[i], a, q->answers[a]);
	else
		for (size_t o = 0; !rc && o < ASSESS_DEMO_OPTIONS && q->options[o].en; o++)
			rc = insert_option(conn, out->question[i], o, q->options[o].en, q->options[o].hi,
					   q->options[o].correct, &out->option[i][o]);
	return rc;
}

int assess_demo_bank_write(struct db_conn *conn, int64_t provider_id, int64_t author, int64_t now,
			   struct assess_demo_bank *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st =
		db_prepare(conn, "INSERT INTO question_banks (provider_id, code, title_en, title_hi, "
				 "created_by, created_at, updated_at) VALUES ($1, 'DEMO-BANK-RTI', $2, $3, "
				 "$4, $5, $5) RETURNING id");
	int rc = insert_returning(st,
				  !st || db_bind_int64(st, 1, provider_id) ||
					  db_bind_text(st, 2, "Right to Information: the Act in practice") ||
					  db_bind_text(st, 3, "सूचना का अधिकार: व्यवहार में अधिनियम") ||
					  db_bind_int64(st, 4, author) || db_bind_int64(st, 5, now),
				  &out->bank_id);
	for (size_t i = 0; !rc && i < ASSESS_DEMO_QUESTIONS; i++)
		rc = write_question(conn, out->bank_id, i, author, now, out);
	return rc;
}
