# ruff: noqa: E501  (prose: each sentence stays on one line, so it reads and diffs as text)
"""The words of the demo site (cms.demo builds the pages from them).

The companies, people and figures are invented; the institutions are fictional stand-ins for
the school's real partners.
"""

import datetime

HOME_INTRO = {
    "ja": (
        "<p>みなと市ロボット・DX推進センター、みなと工業高等専門学校、みなと大学大学院経営管理研究科が"
        "共同で運営する、地域企業の経営者のためのデジタルトランスフォーメーション（DX）実践スクールです。"
        "約4か月の講義とワークショップを通じて、自社の3〜5年のDX計画を書き上げます。</p>"
    ),
    "en": (
        "<p>A digital transformation (DX) school for the leaders of local companies, run jointly by the "
        "Minato City Robot &amp; DX Promotion Centre, the National Institute of Technology, Minato College, "
        "and the Minato University Graduate School of Business. Over four months of sessions and workshops, "
        "each participant writes a three-to-five-year DX plan for their own company.</p>"
    ),
}

INSTITUTIONS = {
    "kosen": {
        "name_ja": "国立高等専門学校機構 みなと工業高等専門学校",
        "name_en": "National Institute of Technology, Minato College",
        "kind": "college_of_technology",
        "url": "https://www.minato-kosen.example/",
        "logo_text": "NIT",
        "seal_text": "校長之印",
        "colour": "#0d47a1",
    },
    "gsb": {
        "name_ja": "みなと大学大学院 経営管理研究科",
        "name_en": "Minato University Graduate School of Business",
        "kind": "graduate_school",
        "url": "https://gsb.minato-u.example/",
        "logo_text": "GSB",
        "seal_text": "科長之印",
        "colour": "#880e4f",
    },
    "centre": {
        "name_ja": "みなと市ロボット・DX推進センター",
        "name_en": "Minato City Robot & DX Promotion Centre",
        "kind": "public_body",
        "url": "https://www.minato-dx.example/",
        "logo_text": "R/DX",
        "seal_text": "所長之印",
        "colour": "#2e7d32",
    },
}

INSTRUCTORS = {
    "takahashi": {
        "email": "takahashi@kosen.example",
        "name": "髙橋 健一",
        "name_en": "TAKAHASHI Ken'ichi",
        "title": "情報工学科 教授",
        "title_en": "Professor, Department of Information Engineering",
        "affiliation": "kosen",
        "biography": "<p>生産システムとIoTが専門。地域の製造業30社以上で工場の見える化を支援してきた。</p>",
        "biography_en": (
            "<p>Works on production systems and IoT, and has helped more than thirty local "
            "manufacturers make their shop floors visible.</p>"
        ),
        "initials": "KT",
        "colour": "#1565c0",
    },
    "ishikawa": {
        "name": "石川 真理",
        "name_en": "ISHIKAWA Mari",
        "title": "電子制御工学科 准教授",
        "title_en": "Associate Professor, Department of Electronic Control Engineering",
        "affiliation": "kosen",
        "biography": "<p>制御セキュリティと産業用ネットワークを研究。中小企業のセキュリティ診断を多数担当。</p>",
        "biography_en": (
            "<p>Researches control-system security and industrial networks, and has run security "
            "reviews for many small firms.</p>"
        ),
        "initials": "MI",
        "colour": "#00838f",
    },
    "watanabe": {
        "email": "watanabe@gsb.example",
        "name": "渡邊 由紀子",
        "name_en": "WATANABE Yukiko",
        "title": "経営管理研究科 教授",
        "title_en": "Professor, Graduate School of Business",
        "affiliation": "gsb",
        "biography": "<p>経営戦略と組織論が専門。ファミリービジネスの事業承継とDXを研究している。</p>",
        "biography_en": (
            "<p>Teaches strategy and organisation, and researches succession and DX in family "
            "businesses.</p>"
        ),
        "initials": "YW",
        "colour": "#ad1457",
    },
    "okamoto": {
        "name": "岡本 雅人",
        "name_en": "OKAMOTO Masato",
        "title": "経営管理研究科 特任教授（元 精密部品メーカーCIO）",
        "title_en": "Visiting Professor (former CIO of a precision-parts maker)",
        "affiliation": "gsb",
        "biography": "<p>製造業で20年にわたり情報システム部門を率い、基幹システム刷新を3度経験。</p>",
        "biography_en": (
            "<p>Led the IT department of a manufacturer for twenty years, through three "
            "replacements of its core systems.</p>"
        ),
        "initials": "MO",
        "colour": "#6a1b9a",
    },
    "matsuda": {
        "name": "松田 恵",
        "name_en": "MATSUDA Megumi",
        "title": "DXコーディネーター",
        "title_en": "DX coordinator",
        "affiliation": "centre",
        "biography": "<p>市内企業のDX相談窓口を担当。補助金と専門家派遣の活用を支援している。</p>",
        "biography_en": (
            "<p>Runs the city's DX help desk for local firms, and helps them use grants and "
            "visiting experts.</p>"
        ),
        "initials": "MM",
        "colour": "#2e7d32",
    },
}

PROGRAMME = {
    "slug": "executive",
    "partners": {
        "ja": [
            ("centre", "主催・事務局"),
            ("kosen", "カリキュラム共同設計（技術）"),
            ("gsb", "カリキュラム共同設計（経営）"),
        ],
        "en": [
            ("centre", "Organiser and secretariat"),
            ("kosen", "Curriculum co-design (technology)"),
            ("gsb", "Curriculum co-design (management)"),
        ],
    },
    "ja": {
        "title": "DX経営者育成プログラム",
        "summary": "経営者自身が、自社の3〜5年のDX計画を描き、語れるようになるための約4か月のプログラム。",
        "overview": (
            "<p>DXは情報システム部門の仕事ではなく、経営の仕事です。本プログラムでは、"
            "高専の技術者と経営大学院の教員が共同で設計した6つのモジュールを通じて、"
            "デジタル技術で自社の事業をどう変えるかを経営者自身が考え、計画に落とし込みます。</p>"
            "<p>受注・生産・在庫のデータ活用から、地域製造業の先進事例の工場見学まで、"
            "自社ですぐに試せる内容を扱います。</p>"
            "<p>毎回のワークショップでは、業種の異なる経営者同士が互いの計画に意見を交わします。"
            "最終回では、DX計画を発表し、講師から講評を受けます。</p>"
        ),
        "audience": (
            "<ul><li>市内および近隣の中小企業の代表取締役・取締役</li>"
            "<li>事業承継を控えた後継者の方</li>"
            "<li>IT導入は進めたが、事業の変革にはつながっていないと感じている方</li></ul>"
        ),
        "outcomes": (
            "<ul><li>自社の3〜5年のDX計画（ビジョン、KPI、ロードマップ、投資、体制）</li>"
            "<li>デジタルガバナンス・コードに沿った現状の自己診断</li>"
            "<li>同じ地域で変革に取り組む経営者のネットワーク</li>"
            "<li>修了証（所定の出席と計画の合格が条件）</li></ul>"
        ),
        "schedule_summary": (
            "<p>各期は2週間ごとの平日の午後（14:00〜17:00）に全8回。会場はロボット・DX推進センター"
            "（オンライン参加可）。最終回は計画発表会と修了式です。各期の日程は上の一覧のとおりです。</p>"
        ),
        "fee_yen": 330000,
        "fee_note": "税込。同じ会社から2人目の参加は半額。市の補助金の対象です。",
        "how_to_apply": (
            "<p>推進センターのDX相談窓口にお申し込みください。面談（30分）のうえ、受講を決定します。"
            "定員は各期30名です。</p>"
        ),
    },
    "en": {
        "title": "DX Executive Programme",
        "summary": (
            "Four months in which company leaders draw up, and learn to explain, a three-to-five-year "
            "DX plan for their own company."
        ),
        "overview": (
            "<p>DX is not a job for the IT department; it is a job for management. In six modules "
            "designed together by engineers from the college of technology and faculty from the "
            "graduate business school, leaders work out how digital technology will change their "
            "business, and turn that into a plan.</p>"
            "<p>From putting your order, production and stock data to use, to a case study visit at "
            "a local manufacturer, every module deals with what you can try in your own company.</p>"
            "<p>In every workshop, leaders from different industries comment on each other's plans. "
            "In the last session each participant presents their plan and receives feedback.</p>"
        ),
        "audience": (
            "<ul><li>Presidents and directors of small and medium-sized companies in and around the city</li>"
            "<li>Successors preparing to take over a family business</li>"
            "<li>Leaders who have bought IT but not yet changed the business with it</li></ul>"
        ),
        "outcomes": (
            "<ul><li>A three-to-five-year DX plan: vision, KPIs, roadmap, investment, organisation</li>"
            "<li>A self-assessment against Japan's Digital Governance Code</li>"
            "<li>A network of local leaders working on the same change</li>"
            "<li>A certificate of completion (with the required attendance and a passed plan)</li></ul>"
        ),
        "schedule_summary": (
            "<p>Eight weekday afternoon sessions (14:00–17:00), one every two weeks, at the Robot "
            "&amp; DX Promotion Centre or online. The last is the plan presentation and closing. "
            "Each cohort's dates are listed above.</p>"
        ),
        "fee_note": "Tax included. A second participant from the same company pays half. Eligible for the city's grant.",
        "how_to_apply": (
            "<p>Apply through the Promotion Centre's DX help desk. After a thirty-minute interview we "
            "confirm your place. Each cohort has thirty places.</p>"
        ),
    },
}

MODULES = [
    {
        "slug": "vision-and-strategy",
        "duration_minutes": 240,
        "institutions": ["gsb", "kosen"],
        "instructors": ["watanabe", "takahashi"],
        "ja": {
            "title": "DXビジョンと経営戦略",
            "summary": "なぜ今DXなのか。自社の存在意義から出発し、5年後の姿とビジネスモデルの変化を描きます。",
            "objectives": [
                "DXとIT化（デジタイゼーション）の違いを自社の例で説明できる",
                "5年後の顧客・事業の姿をビジョンとして一文で書ける",
                "ビジョンから逆算して、変えるべき業務と事業を3つ挙げられる",
            ],
            "body": [
                ("heading", {"text": "IT化とDXは何が違うのか", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>紙の伝票をシステムに置き換えるのはIT化（デジタイゼーション）です。"
                        "DXは、データとデジタル技術を前提に、<b>顧客への価値の届け方そのもの</b>を変えることを指します。"
                        "経済産業省のデジタルガバナンス・コードも、まず経営ビジョンとビジネスモデルの方向性を示すことを求めています。</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "key_point",
                        "title": "この回のポイント",
                        "text": "<p>ビジョンは「システムを入れる」ではなく「顧客にとって何が変わるか」で書きます。</p>",
                    },
                ),
                ("heading", {"text": "ビジョンを一文で書く", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>「誰に」「どんな価値を」「どう届けるか」を一文にまとめます。"
                        "長い文章は社員に伝わりません。朝礼で読み上げられる長さを目安にしてください。</p>"
                    ),
                ),
                (
                    "image",
                    {
                        "image": "roadmap",
                        "caption": "ビジョンから逆算した3か年ロードマップの例",
                        "attribution": "",
                    },
                ),
                (
                    "discussion_questions",
                    {
                        "intro": "4人1組で20分。一人ずつ発表し、他の3人が質問します。",
                        "questions": [
                            "5年後、あなたの会社の顧客は何に困っていて、何を期待しているでしょうか。",
                            "その期待に応えるために、今の事業のどこを変える必要がありますか。",
                            "変えないもの（守るべき強み）は何ですか。",
                        ],
                    },
                ),
                (
                    "reading_list",
                    {
                        "heading": "事前に読む資料",
                        "items": [
                            {
                                "title": "デジタルガバナンス・コード3.0",
                                "author": "経済産業省",
                                "publication": "2024年",
                                "url": "https://www.meti.go.jp/policy/it_policy/investment/dgc/dgc.html",
                                "note": "経営者に求められる5つの柱の全体像",
                            },
                            {
                                "title": "中堅・中小企業等向け「デジタルガバナンス・コード」実践の手引き",
                                "author": "経済産業省",
                                "publication": "2024年",
                                "url": "",
                                "note": "中小企業の事例が多く、計画づくりの参考になる",
                            },
                        ],
                    },
                ),
            ],
        },
        "en": {
            "title": "DX vision and strategy",
            "summary": "Why DX, and why now. Start from your company's purpose and describe where the business will be in five years.",
            "objectives": [
                "Explain the difference between digitisation and DX with an example from your company",
                "Write your vision of customers and business in five years in one sentence",
                "Name three activities or businesses that must change to get there",
            ],
            "body": [
                ("heading", {"text": "Digitisation is not DX", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>Replacing paper slips with software is digitisation. DX means changing "
                        "<b>how you deliver value to customers</b>, with data and digital technology as a given. "
                        "Japan's Digital Governance Code likewise asks leaders to set out their vision and "
                        "business model first.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "key_point",
                        "title": "Key point",
                        "text": "<p>Write the vision as what changes for the customer, not as the system you will buy.</p>",
                    },
                ),
                (
                    "image",
                    {
                        "image": "roadmap",
                        "caption": "A three-year roadmap worked back from the vision",
                        "attribution": "",
                    },
                ),
                (
                    "discussion_questions",
                    {
                        "intro": "Groups of four, twenty minutes. Each person presents; the others ask questions.",
                        "questions": [
                            "In five years, what will your customers struggle with, and what will they expect?",
                            "What in today's business has to change to meet that expectation?",
                            "What will you keep: which strengths must be protected?",
                        ],
                    },
                ),
            ],
        },
    },
    {
        "slug": "data-driven-management",
        "duration_minutes": 240,
        "institutions": ["kosen", "gsb"],
        "instructors": ["takahashi", "okamoto"],
        "ja": {
            "title": "データに基づく経営",
            "summary": "勘と経験を否定せず、データで裏付ける。経営判断に使うKPIの選び方と見える化の進め方を学びます。",
            "objectives": [
                "自社の経営判断に必要なKPIを5つ以内に絞り込める",
                "KPIごとに現状値・目標値・担当者を決められる",
                "現場のデータ収集を小さく始める手順を説明できる",
            ],
            "body": [
                ("heading", {"text": "KPIは少なく、意味のあるものを", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>指標を増やしすぎると、誰も見なくなります。経営会議で毎月見る数字を5つ以内に絞り、"
                        "それぞれに<b>定義・現状値・目標値・担当者</b>を決めましょう。</p>"
                    ),
                ),
                (
                    "case_study",
                    {
                        "company": "株式会社みなと精機",
                        "industry": "金属加工（従業員85名）",
                        "challenge": "受注ごとに図面と工程表を紙で回しており、納期の回答に3日かかっていた。営業は工場の空き状況が分からなかった。",
                        "what_changed": "設備にセンサーを付けて稼働状況を見える化し、受注から出荷までをクラウドの生産管理で一元化した。営業が画面で空き能力を確認し、その場で納期を回答できるようになった。",
                        "figures": [
                            {"label": "納期回答", "value": "3日 → 当日"},
                            {"label": "設備稼働率", "value": "58% → 74%"},
                            {"label": "投資額", "value": "1,200万円"},
                        ],
                    },
                ),
                (
                    "document",
                    {
                        "title": "KPI設計ワークシート",
                        "description": "指標・定義・現状値・年次目標・担当を記入するCSVです。Excelで開けます。",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "小さく始める",
                        "text": "<p>まず1ライン・1指標から。センサーより先に、日報の数字を表計算に入れるだけでも見えることがあります。</p>",
                    },
                ),
            ],
        },
        "en": {
            "title": "Data-driven management",
            "summary": "Back experience with data rather than replace it: choosing the KPIs that drive decisions, and making operations visible.",
            "objectives": [
                "Narrow the KPIs for management decisions down to five or fewer",
                "Set a baseline, a target and an owner for each KPI",
                "Explain how to start collecting shop-floor data on a small scale",
            ],
            "body": [
                ("heading", {"text": "Few KPIs, each one meaningful", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>With too many indicators, nobody looks at any of them. Keep to five numbers the board "
                        "reviews every month, each with a <b>definition, baseline, target and owner</b>.</p>"
                    ),
                ),
                (
                    "case_study",
                    {
                        "company": "Minato Seiki Co., Ltd.",
                        "industry": "Metalworking (85 employees)",
                        "challenge": "Drawings and process sheets travelled on paper, so quoting a delivery date took three days; sales could not see free capacity.",
                        "what_changed": "Sensors on the machines made utilisation visible, and a cloud production system now covers order to shipment. Sales see free capacity on screen and quote on the spot.",
                        "figures": [
                            {"label": "Delivery quote", "value": "3 days → same day"},
                            {"label": "Machine utilisation", "value": "58% → 74%"},
                            {"label": "Investment", "value": "¥12 million"},
                        ],
                    },
                ),
                (
                    "document",
                    {
                        "title": "KPI design worksheet",
                        "description": "A CSV with columns for each indicator, its definition, baseline, yearly targets and owner.",
                    },
                ),
            ],
        },
    },
    {
        "slug": "local-manufacturing-cases",
        "duration_minutes": 300,
        "institutions": ["kosen", "centre"],
        "instructors": ["takahashi", "matsuda"],
        "ja": {
            "title": "地域製造業のDX事例",
            "summary": "市内の製造業3社を訪ね、経営者から直接、変革の経緯と失敗談を聞きます。",
            "objectives": [
                "事例企業の変革を「課題・打ち手・成果」で整理できる",
                "自社に応用できる点とできない点を区別できる",
            ],
            "body": [
                (
                    "paragraph",
                    (
                        "<p>この回は推進センターに集合し、バスで市内の3社を訪問します。"
                        "各社で経営者のお話（30分）と工場見学（30分）を行い、最後にセンターで振り返りをします。</p>"
                    ),
                ),
                (
                    "case_study",
                    {
                        "company": "有限会社さくら樹脂",
                        "industry": "プラスチック成形（従業員32名）",
                        "challenge": "熟練者の退職が続き、成形条件の調整が属人化していた。不良率が上がり、取引先から改善を求められていた。",
                        "what_changed": "成形機のデータと不良の記録を結び付け、条件の「勘どころ」をデータで残した。若手が条件表を見ながら調整できるようになった。",
                        "figures": [
                            {"label": "不良率", "value": "4.1% → 1.6%"},
                            {"label": "新人の立ち上がり", "value": "2年 → 8か月"},
                        ],
                    },
                ),
                (
                    "case_study",
                    {
                        "company": "株式会社港北ロボティクス",
                        "industry": "産業用ロボットのシステムインテグレーター（従業員60名）",
                        "challenge": "一品ものの受託開発が中心で、売上が案件の有無に左右されていた。",
                        "what_changed": "納入したロボットの稼働データを遠隔で監視する保守サービスを始め、月額の継続収入を得るビジネスモデルに転換しつつある。",
                        "figures": [
                            {"label": "継続収入の比率", "value": "0% → 18%"},
                            {"label": "保守契約数", "value": "42件"},
                        ],
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "見学時のお願い",
                        "text": "<p>工場内の撮影はできません。安全靴の貸し出しがありますので、申込時に靴のサイズをお知らせください。</p>",
                    },
                ),
                (
                    "discussion_questions",
                    {
                        "intro": "センターに戻ってから、グループで振り返ります。",
                        "questions": [
                            "3社に共通していた「最初の一歩」は何でしたか。",
                            "あなたの会社で、同じ一歩を踏み出すのを妨げているものは何ですか。",
                        ],
                    },
                ),
            ],
        },
        "en": {
            "title": "DX case studies from local manufacturers",
            "summary": "Visit three manufacturers in the city and hear from their leaders how the change happened, failures included.",
            "objectives": [
                "Describe each company's change as challenge, action and result",
                "Tell what applies to your company and what does not",
            ],
            "body": [
                (
                    "paragraph",
                    (
                        "<p>We meet at the Promotion Centre and travel by bus to three companies. At each, the "
                        "leader talks for thirty minutes and we tour the plant for thirty; we end with a review "
                        "back at the Centre.</p>"
                    ),
                ),
                (
                    "case_study",
                    {
                        "company": "Sakura Jushi Ltd.",
                        "industry": "Plastic moulding (32 employees)",
                        "challenge": "Veterans were retiring and moulding settings lived in their heads; defects rose and a customer demanded improvement.",
                        "what_changed": "Machine data was linked to defect records, so the knack of setting conditions is now kept as data. Younger staff adjust settings from a table.",
                        "figures": [
                            {"label": "Defect rate", "value": "4.1% → 1.6%"},
                            {
                                "label": "Time to train a new operator",
                                "value": "2 years → 8 months",
                            },
                        ],
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "During the visits",
                        "text": "<p>No photography inside the plants. Safety shoes are lent on site; tell us your size when you apply.</p>",
                    },
                ),
            ],
        },
    },
    {
        "slug": "organisation-and-talent",
        "duration_minutes": 240,
        "institutions": ["gsb"],
        "instructors": ["watanabe"],
        "ja": {
            "title": "組織・人材と企業文化",
            "summary": "DXを担う人をどう育て、どう巻き込むか。推進体制と人材育成、変化を受け入れる文化づくりを考えます。",
            "objectives": [
                "自社のDX推進体制（責任者・推進役・現場）を図に描ける",
                "3年間の人材育成計画の骨子を書ける",
            ],
            "body": [
                ("heading", {"text": "「DX担当者」に丸投げしない", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>若手を一人「DX担当」に任命して終わり、という例は少なくありません。"
                        "変革には、経営者が責任者として旗を振り、現場のリーダーが推進役となる体制が必要です。</p>"
                        "<ul><li>責任者：経営者自身</li><li>推進役：各部門から1名（兼務でよい）</li>"
                        "<li>支援：高専・推進センターの専門家</li></ul>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "key_point",
                        "title": "文化は経営者の行動から",
                        "text": "<p>失敗した試みを責めず、学びとして共有する場を経営者がつくることが、最も効果のある施策です。</p>",
                    },
                ),
                (
                    "discussion_questions",
                    {
                        "intro": "",
                        "questions": [
                            "あなたの会社で、新しいやり方を最初に試してくれそうなのは誰ですか。",
                            "その人が動きやすくなるために、経営者として何をやめますか。",
                        ],
                    },
                ),
            ],
        },
        "en": {
            "title": "Organisation, talent and culture",
            "summary": "Who will carry DX, and how to bring people along: the organisation, developing talent, and a culture that accepts change.",
            "objectives": [
                "Draw your company's DX organisation: the sponsor, the champions and the front line",
                "Outline a three-year plan for developing people",
            ],
            "body": [
                ("heading", {"text": 'Do not leave it to a "DX officer"', "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>Appointing one young employee as the DX officer and stopping there is common. Change "
                        "needs the leader as its sponsor and front-line leaders as its champions.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "key_point",
                        "title": "Culture follows what the leader does",
                        "text": "<p>Not blaming failed experiments, and making room to share what was learnt, is the most effective measure.</p>",
                    },
                ),
            ],
        },
    },
    {
        "slug": "it-and-security",
        "duration_minutes": 240,
        "institutions": ["kosen", "gsb"],
        "instructors": ["ishikawa", "okamoto"],
        "ja": {
            "title": "ITシステムとセキュリティ",
            "summary": "既存システムの棚卸しから、クラウド活用、サイバーセキュリティとリスク管理まで、経営者が押さえるべき要点を学びます。",
            "objectives": [
                "自社の主要システムとデータの所在を一覧にできる",
                "セキュリティ対策の優先順位を経営判断として決められる",
            ],
            "body": [
                ("heading", {"text": "システムの棚卸し", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>どのシステムが、どのデータを持ち、誰が保守しているか。一覧にするだけで、"
                        "老朽化したシステムや特定の担当者に依存した仕組みが見えてきます。</p>"
                    ),
                ),
                ("heading", {"text": "セキュリティは経営課題", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>ランサムウェアによる被害は中小企業にも及んでいます。取引先への供給が止まれば、"
                        "自社だけの問題では済みません。IPAの「中小企業の情報セキュリティ対策ガイドライン」を手がかりに、"
                        "<b>バックアップ、更新、多要素認証</b>の3点から始めましょう。</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "今日から確認できること",
                        "text": "<ul><li>バックアップはネットワークから切り離して保管しているか</li><li>退職者のアカウントは削除されているか</li><li>工場のネットワークと事務所のネットワークは分かれているか</li></ul>",
                    },
                ),
                (
                    "reading_list",
                    {
                        "heading": "参考資料",
                        "items": [
                            {
                                "title": "中小企業の情報セキュリティ対策ガイドライン 第3.1版",
                                "author": "独立行政法人情報処理推進機構（IPA）",
                                "publication": "2023年",
                                "url": "https://www.ipa.go.jp/security/guide/sme/about.html",
                                "note": "経営者が実行すべき「重要7項目の取組」",
                            },
                        ],
                    },
                ),
            ],
        },
        "en": {
            "title": "IT systems and security",
            "summary": "From an inventory of existing systems to the cloud, cybersecurity and risk: what a leader needs to know.",
            "objectives": [
                "List your company's main systems and where its data lives",
                "Set priorities for security as a management decision",
            ],
            "body": [
                ("heading", {"text": "Security is a management issue", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>Ransomware reaches small firms too, and when your deliveries stop, your customers "
                        "suffer with you. Start with three things: <b>backups, updates and multi-factor "
                        "authentication</b>.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Check today",
                        "text": "<ul><li>Are backups kept offline?</li><li>Are leavers' accounts removed?</li><li>Is the factory network separate from the office network?</li></ul>",
                    },
                ),
            ],
        },
    },
    {
        "slug": "plan-writing-and-presentation",
        "duration_minutes": 300,
        "institutions": ["gsb", "kosen", "centre"],
        "instructors": ["watanabe", "takahashi", "matsuda"],
        "ja": {
            "title": "DX計画の作成と発表",
            "summary": "これまでの学びを3〜5年のDX計画にまとめ、発表します。講師と受講者からの講評を受け、計画を磨き上げます。",
            "objectives": [
                "ビジョン、KPI、ロードマップ、投資、体制が一貫したDX計画を書ける",
                "計画を10分で社外の人に説明できる",
            ],
            "body": [
                ("heading", {"text": "計画の構成", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>計画はデジタルガバナンス・コードの柱に沿って書きます。</p>"
                        "<ol><li>ビジョンとビジネスモデル</li><li>戦略（組織・人材・文化）</li>"
                        "<li>ITシステムとデータ</li><li>成果とKPI</li><li>ガバナンス（セキュリティとリスクを含む）</li></ol>"
                    ),
                ),
                (
                    "document",
                    {
                        "title": "KPI設計ワークシート",
                        "description": "計画のKPI欄の下書きに使ってください。",
                    },
                ),
                ("heading", {"text": "発表会", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>発表は1人10分、質疑5分です。スライドは10枚以内を目安にしてください。"
                        "講評は、実現可能性・一貫性・変革の大きさの3つの観点で行います。</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "提出前のチェック",
                        "text": "<p>KPIの目標年と、ロードマップの施策の年がずれていないか確認しましょう。</p>",
                    },
                ),
            ],
        },
        "en": {
            "title": "Writing and presenting the DX plan",
            "summary": "Bring everything together in a three-to-five-year DX plan and present it; feedback from instructors and peers sharpens it.",
            "objectives": [
                "Write a DX plan whose vision, KPIs, roadmap, investment and organisation hold together",
                "Explain the plan to an outsider in ten minutes",
            ],
            "body": [
                ("heading", {"text": "How the plan is organised", "level": "h2"}),
                (
                    "paragraph",
                    (
                        "<p>The plan follows the pillars of the Digital Governance Code:</p>"
                        "<ol><li>Vision and business model</li><li>Strategy: organisation, talent and culture</li>"
                        "<li>IT systems and data</li><li>Outcomes and KPIs</li><li>Governance, including security and risk</li></ol>"
                    ),
                ),
                (
                    "document",
                    {
                        "title": "KPI design worksheet",
                        "description": "Use it to draft the KPI section of your plan.",
                    },
                ),
                (
                    "paragraph",
                    (
                        "<p>Each presentation is ten minutes plus five for questions, with ten slides at most. "
                        "Feedback looks at feasibility, coherence and the size of the change.</p>"
                    ),
                ),
            ],
        },
    },
]

NEWS_INDEX = {
    "slug": "news",
    "ja": {"title": "お知らせ", "intro": "スクールからのお知らせです。"},
    "en": {"title": "News", "intro": "News from the school."},
}

NEWS = [
    {
        "slug": "2027-applications-open",
        "date": datetime.date(2026, 11, 2),
        "ja": {
            "title": "2027年度 DX経営者育成プログラムの受講者募集を開始しました",
            "summary": "2027年6月開講の第3期の募集を開始しました。定員30名、締め切りは2027年3月31日です。",
            "body": [
                (
                    "paragraph",
                    (
                        "<p>2027年6月に開講する第3期の受講者を募集します。今期から、経営者に続いて"
                        "管理職の方が受講できる「マネージャー枠」を新設しました。</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "key_point",
                        "title": "募集要項",
                        "text": "<ul><li>定員：30名</li><li>締め切り：2027年3月31日</li><li>受講料：33万円（税込）</li></ul>",
                    },
                ),
            ],
        },
        "en": {
            "title": "Applications open for the 2027 DX Executive Programme",
            "summary": "Applications are open for the third cohort, starting in June 2027: thirty places, closing on 31 March 2027.",
            "body": [
                (
                    "paragraph",
                    (
                        "<p>We are taking applications for the third cohort, which starts in June 2027. From "
                        "this year, managers can follow their leaders in a new manager track.</p>"
                    ),
                ),
            ],
        },
    },
    {
        "slug": "symposium-report",
        "date": datetime.date(2026, 9, 12),
        "ja": {
            "title": "公開シンポジウム「地域中小企業のDX最前線」を開催しました",
            "summary": "修了生3名が登壇し、計画の実行状況を報告しました。約120名が参加しました。",
            "body": [
                (
                    "paragraph",
                    (
                        "<p>9月12日、推進センターで公開シンポジウムを開催しました。第1期修了生3名が、"
                        "DX計画を書いてから1年間の実行状況と、うまくいかなかった点を率直に語りました。</p>"
                    ),
                ),
                (
                    "case_study",
                    {
                        "company": "𠮷田食品株式会社",
                        "industry": "食品製造（従業員140名）",
                        "challenge": "受注の多くがFAXで、繁忙期には入力ミスによる誤出荷が起きていた。",
                        "what_changed": "取引先の7割をWeb受注に切り替え、受注データを生産計画に直接つないだ。",
                        "figures": [{"label": "誤出荷", "value": "月12件 → 2件"}],
                    },
                ),
            ],
        },
        "en": {
            "title": "Report: public symposium on DX in local SMEs",
            "summary": "Three graduates reported how their plans are going, to an audience of about 120.",
            "body": [
                (
                    "paragraph",
                    (
                        "<p>On 12 September the Promotion Centre hosted a public symposium. Three graduates of the "
                        "first cohort spoke frankly about their first year carrying out their DX plans, and about "
                        "what did not work.</p>"
                    ),
                ),
            ],
        },
    },
]

ABOUT = {
    "slug": "about",
    "ja": {
        "title": "スクールについて",
        "intro": "地域の中小企業の半数以上が、効率化にとどまらない事業の変革に踏み出すこと。それがこのスクールの目標です。",
        "body": [
            (
                "paragraph",
                (
                    "<p>DX経営スクールは、みなと市ロボット・DX推進センター、みなと工業高等専門学校、"
                    "みなと大学大学院経営管理研究科の3者が2025年に開校しました。"
                    "技術と経営の両面から、経営者の変革を支援します。</p>"
                ),
            ),
        ],
    },
    "en": {
        "title": "About the school",
        "intro": "Our goal: more than half of the region's small and medium-sized companies going beyond efficiency to transforming their business.",
        "body": [
            (
                "paragraph",
                (
                    "<p>The DX Executive School was founded in 2025 by the Minato City Robot &amp; DX Promotion "
                    "Centre, the National Institute of Technology, Minato College, and the Minato University "
                    "Graduate School of Business, to support leaders from both the technical and the management side.</p>"
                ),
            ),
        ],
    },
}
