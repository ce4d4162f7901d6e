"""The DX認定 criteria, as METI and IPA publish them, in the order of the application.

DX認定 (DX certification) is the certification of 情報処理の促進に関する法律 (Act on Facilitation
of Information Processing) 第31条: the Minister of Economy, Trade and Industry certifies a
business that meets the 認定基準 set out from the Digital Governance Code's basic items.

Sources (read for this table; see docs/certification.md):
- METI, 「DX認定制度（情報処理の促進に関する法律第三十一条に基づく認定制度）」,
  https://www.meti.go.jp/policy/it_policy/investment/dx-nintei/dx-nintei.html
- METI, 「デジタルガバナンス・コード3.0 ～DX経営による企業価値向上に向けて～」 (2024年9月),
  https://www.meti.go.jp/policy/it_policy/investment/dgc/dgc.html — the five pillars
  1. 経営ビジョン・ビジネスモデルの策定, 2. DX戦略の策定, 3. DX戦略の推進 (3-1 組織づくり,
  3-2 デジタル人材の育成・確保, 3-3 ITシステム・サイバーセキュリティ), 4. 成果指標の設定・DX戦略の
  見直し, 5. ステークホルダーとの対話; each pillar's 「認定基準」 is the wording below.
- IPA, 「DX認定制度 申請要項（申請のガイダンス）」 and its web application guide,
  https://www.ipa.go.jp/digital/dx-nintei/guide2.html — the application's 設問(1)–(6); 設問(1)
  to (4) must be published to stakeholders (公表), with a named medium, its address and a
  publication date no later than the day of application.
- IPA, 「DX認定制度 よくあるご質問」, https://www.ipa.go.jp/digital/dx-nintei/dx-nintei-faq.html
- IPA, 「DX推進指標のご案内」, https://www.ipa.go.jp/digital/dx-suishin/about.html, and METI,
  「DX推進指標（DXの取組状況を診断する自己診断ツール）」,
  https://www.meti.go.jp/policy/it_policy/investment/dx-shihyo.html — the self-analysis that
  設問(5) rests on (revised for the Digital Governance Code 3.0 on 2026-02-13).

The English is ours, a faithful rendering; the Japanese is the official text to quote.
"""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Criterion:
    code: str
    # The application's numbering, as IPA prints it.
    number: str
    title_ja: str
    title_en: str
    # The 認定基準 (certification standard) of the Digital Governance Code 3.0.
    standard_ja: str
    standard_en: str
    pillar_ja: str
    pillar_en: str
    # 設問(1)–(4): published to stakeholders, with medium, address and date.
    needs_publication: bool
    # The vision and the strategy must be decided by the board (or the body that decides).
    needs_decision: bool = False

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "ja").startswith("en") else self.title_ja

    @property
    def standard(self) -> str:
        return self.standard_en if (get_language() or "ja").startswith("en") else self.standard_ja

    @property
    def pillar(self) -> str:
        return self.pillar_en if (get_language() or "ja").startswith("en") else self.pillar_ja


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        code="1",
        number="(1)",
        title_ja="企業経営の方向性及び情報処理技術の活用の方向性の決定",
        title_en="Deciding the direction of the business and of the use of information technology",
        standard_ja=(
            "デジタル技術による社会及び競争環境の変化の影響を踏まえた経営ビジョン及び"
            "ビジネスモデルの方向性を公表していること。"
        ),
        standard_en=(
            "The company has published its management vision and the direction of its business "
            "model, in the light of how digital technology changes society and competition."
        ),
        pillar_ja="1. 経営ビジョン・ビジネスモデルの策定",
        pillar_en="1. Management vision and business model",
        needs_publication=True,
        needs_decision=True,
    ),
    Criterion(
        code="2",
        number="(2)",
        title_ja="企業経営及び情報処理技術の活用の具体的な方策（戦略）の決定",
        title_en="Deciding the concrete measures (the strategy) for the business and for IT",
        standard_ja=(
            "デジタル技術による社会及び競争環境の変化の影響を踏まえて設計したビジネスモデルを"
            "実現するための方策として、デジタル技術を活用する戦略を公表していること。"
        ),
        standard_en=(
            "The company has published a strategy that uses digital technology, as the means "
            "to realise the business model it designed in the light of those changes."
        ),
        pillar_ja="2. DX戦略の策定",
        pillar_en="2. DX strategy",
        needs_publication=True,
        needs_decision=True,
    ),
    Criterion(
        code="2-1",
        number="(2)①",
        title_ja="戦略を効果的に進めるための体制の提示",
        title_en="The organisation to carry out the strategy effectively",
        standard_ja=(
            "デジタル技術を活用する戦略において、特に、戦略の推進に必要な体制・組織及び"
            "人材の育成・確保に関する事項を示していること。"
        ),
        standard_en=(
            "The strategy shows, in particular, the structure and organisation needed to carry "
            "it out, and how the necessary people are developed and secured."
        ),
        pillar_ja="3. DX戦略の推進（3-1 組織づくり／3-2 デジタル人材の育成・確保）",
        pillar_en="3. Carrying out the strategy (3-1 organisation, 3-2 digital talent)",
        needs_publication=True,
    ),
    Criterion(
        code="2-2",
        number="(2)②",
        title_ja="最新の情報処理技術を活用するための環境整備の具体的方策の提示",
        title_en=(
            "Concrete measures to prepare the environment for the latest information technology"
        ),
        standard_ja=(
            "デジタル技術を活用する戦略において、特に、ITシステム・デジタル技術活用環境の"
            "整備に向けた方策を示していること。"
        ),
        standard_en=(
            "The strategy shows, in particular, the measures to prepare the IT systems and the "
            "environment for using digital technology."
        ),
        pillar_ja="3. DX戦略の推進（3-3 ITシステム・サイバーセキュリティ）",
        pillar_en="3. Carrying out the strategy (3-3 IT systems and cybersecurity)",
        needs_publication=True,
    ),
    Criterion(
        code="3",
        number="(3)",
        title_ja="戦略の達成状況に係る指標の決定",
        title_en="Deciding the indicators of the strategy's achievement",
        standard_ja="デジタル技術を活用する戦略の達成度を測る指標について公表していること。",
        standard_en=(
            "The company has published the indicators by which the achievement of its digital "
            "strategy is measured."
        ),
        pillar_ja="4. 成果指標の設定・DX戦略の見直し",
        pillar_en="4. Indicators of results and review of the strategy",
        needs_publication=True,
    ),
    Criterion(
        code="4",
        number="(4)",
        title_ja="実務執行総括責任者による効果的な戦略の推進等を図るために必要な情報発信",
        title_en="The chief executive's communication needed to carry out the strategy effectively",
        standard_ja=(
            "経営ビジョンやデジタル技術を活用する戦略について、経営者が事業者内外に向けた"
            "情報発信を行っていること。"
        ),
        standard_en=(
            "The chief executive communicates the management vision and the digital strategy "
            "inside and outside the company."
        ),
        pillar_ja="5. ステークホルダーとの対話",
        pillar_en="5. Dialogue with stakeholders",
        needs_publication=True,
    ),
    Criterion(
        code="5",
        number="(5)",
        title_ja=(
            "実務執行総括責任者が主導的な役割を果たすことによる、事業者が利用する情報処理"
            "システムにおける課題の把握"
        ),
        title_en="Identifying the issues of the company's IT systems, led by the chief executive",
        standard_ja=(
            "経営者のリーダーシップの下で、デジタル技術に係る動向や自社のITシステムの現状を"
            "踏まえた課題の把握を行っていること。"
        ),
        standard_en=(
            "Under the chief executive's leadership, the company has identified its issues in "
            "the light of trends in digital technology and of the state of its own IT systems."
        ),
        pillar_ja="4. 成果指標の設定・DX戦略の見直し",
        pillar_en="4. Indicators of results and review of the strategy",
        needs_publication=False,
    ),
    Criterion(
        code="6",
        number="(6)",
        title_ja=(
            "事業者が利用する情報処理システムにおけるサイバーセキュリティに関する対策の"
            "的確な策定及び実施"
        ),
        title_en=(
            "Drawing up and carrying out sound cybersecurity measures for the company's IT systems"
        ),
        standard_ja="戦略の実施の前提となるサイバーセキュリティ対策を推進していること。",
        standard_en=(
            "The company promotes the cybersecurity measures on which carrying out the "
            "strategy depends."
        ),
        pillar_ja="3. DX戦略の推進（3-3 ITシステム・サイバーセキュリティ）",
        pillar_en="3. Carrying out the strategy (3-3 IT systems and cybersecurity)",
        needs_publication=False,
    ),
)

CRITERIA_BY_CODE = {criterion.code: criterion for criterion in CRITERIA}
PUBLISHED_CRITERIA = tuple(c for c in CRITERIA if c.needs_publication)
CRITERION_CHOICES = [(c.code, f"{c.number} {c.title_ja}") for c in CRITERIA]
