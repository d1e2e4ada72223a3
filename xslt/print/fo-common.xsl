<?xml version="1.0" encoding="UTF-8"?>
<!--
  The print edition's shared module: HOW each TEI behaviour (xslt/common/behaviours.xsl) is set in
  XSL-FO, the page masters, the bibliographic block, the parallel text and the colophon.
  Entry stylesheets: article.xsl (one article → one PDF) and volume.xsl (the whole edition → one book).

  Editorial conventions (those of the HTML edition, xslt/html/): notes → numbered footnotes on the page
  of their call; gap […]; unclear text with a superscript ?; supplied and a lone corr [text]; del struck
  through (grey); add ⸌text⸍; choice shows corr/reg/expan and, as print cannot hover, the source's
  reading after it in a small grey bracket ("as printed: …"); a lone sic is followed by [sic]; names
  underlined (Chinese 专名线); lb |, pb [p. N], milestone § as grey markers; hi by @rend (default italic).

  No xpath-default-namespace: every TEI name is prefixed, so temporary trees are safe.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tb="urn:teiedit:behaviours"
    xmlns:p="urn:teiedit:print"
    xmlns:tc="urn:teiedit:common"
    xmlns:pdfext="http://xmlgraphics.apache.org/fop/extensions/pdf"
    xmlns:fox="http://xmlgraphics.apache.org/fop/extensions"
    xmlns:x="adobe:ns:meta/"
    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmppdf="http://ns.adobe.com/pdf/1.3/"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/behaviours.xsl"/>
  <xsl:import href="../common/credits.xsl"/>

  <!-- ===================================================================== configuration -->
  <xsl:param name="paper" as="xs:string" select="'A4'"/>
  <xsl:param name="edition-title" as="xs:string" select="'People''s Daily (人民日报), 1958: a bilingual digital edition'"/>
  <xsl:param name="edition-title-zh" as="xs:string" select="''"/>
  <xsl:param name="publisher" as="xs:string" select="''"/>
  <xsl:param name="edition-date" as="xs:string" select="''"/>
  <xsl:param name="licence" as="xs:string" select="''"/>
  <xsl:param name="licence-url" as="xs:string" select="''"/>
  <xsl:param name="editors" as="xs:string" select="''"/>
  <xsl:param name="base-url" as="xs:string" select="''"/>
  <xsl:param name="pdfa" as="xs:string" select="'yes'"/>
  <!-- the image files that exist (absolute file: URIs, space separated): teiedit.render_pdf looks before
       FOP does, so a missing picture is a warning and a placeholder, not a failed PDF -->
  <xsl:param name="images" as="xs:string" select="''"/>
  <xsl:variable name="p:images" as="xs:string*" select="tokenize($images)"/>

  <xsl:mode name="p:text" on-no-match="shallow-skip"/>
  <xsl:mode name="p:block" on-no-match="shallow-skip"/>
  <xsl:mode name="p:number" on-no-match="shallow-copy"/>

  <!-- page width and height in points -->
  <xsl:variable name="p:papers" as="map(xs:string, xs:decimal+)" select="map{
      'a4': (595.276, 841.89), 'a5': (419.528, 595.276), 'b5': (498.898, 708.661),
      'letter': (612.0, 792.0), 'legal': (612.0, 1008.0)}"/>
  <xsl:variable name="p:page" as="xs:decimal+">
    <xsl:choose>
      <xsl:when test="map:contains($p:papers, lower-case($paper))">
        <xsl:sequence select="$p:papers(lower-case($paper))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message select="'[teiedit:config] unknown paper size ' || $paper || ', using A4'"/>
        <xsl:sequence select="$p:papers('a4')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <!-- margins 20 mm left and right -->
  <xsl:variable name="p:text-width" as="xs:double" select="$p:page[1] - 2 * 56.693"/>
  <!-- Chinese is set on a grid: the column holds a whole number of characters, so full lines need no
       letter spacing. The stretch allowed (letter-spacing.maximum 0.08em) covers a line one character
       short (kinsoku, Latin digits); with more, FOP prefers loosely spaced short lines to full ones. -->
  <xsl:variable name="p:zh-size" as="xs:double" select="10.5"/>
  <xsl:variable name="p:gutter" as="xs:double" select="11.339"/>
  <xsl:variable name="p:zh-chars" as="xs:integer" select="xs:integer(floor(0.42 * $p:text-width div $p:zh-size))"/>
  <xsl:variable name="p:zh-column" as="xs:string" select="format-number($p:zh-chars * $p:zh-size + $p:gutter + 0.5, '0.###') || 'pt'"/>

  <!-- font fallback, character by character (fo:root font-selection-strategy): Noto Sans Math has the
       signs Noto Serif lacks (∅ of a gap anchor, → of a pointer); Noto Serif has ⸌ ⸍, which the CJK face
       lacks. tests/test_render_pdf.py checks that every character the stylesheets write has a face. -->
  <xsl:variable name="p:zh-fonts" select="'Noto Serif CJK SC, Noto Serif, Noto Sans Math'"/>
  <xsl:variable name="p:en-fonts" select="'Noto Serif, Noto Sans Math, Noto Serif CJK SC'"/>
  <xsl:variable name="p:grey" select="'#666666'"/>
  <xsl:variable name="p:link-colour" select="'#23466e'"/>
  <!-- behaviours that are blocks already; others get a block around them where a block is needed -->
  <xsl:variable name="p:block-behaviours" as="xs:string+" select="('division', 'heading', 'byline',
      'paragraph', 'verse-group', 'verse-line', 'list', 'table', 'figure', 'figure-description', 'block-quote')"/>

  <!-- ========================================================================= functions -->
  <!-- the URI of the file a node's document was read from: teiedit hands Saxon trees it parsed itself
       (teiedit.xmlsafe), with that URI as their base; document-uri() is set for the principal one only -->
  <xsl:function name="p:document-uri" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string((document-uri(root($node)), base-uri(root($node)))[1])"/>
  </xsl:function>
  <xsl:function name="p:is-zh" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="starts-with(string($n/ancestor-or-self::*[@xml:lang][1]/@xml:lang), 'zh')"/>
  </xsl:function>

  <!-- FO ids are unique per volume: prefix each xml:id with its document's id -->
  <xsl:function name="p:fo-id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="string(root($el)/tei:TEI/@xml:id) || '.' || string($el/@xml:id)"/>
  </xsl:function>

  <xsl:function name="p:refs" as="xs:string*">
    <xsl:param name="el" as="element()?"/>
    <xsl:sequence select="tokenize(string($el/@corresp))[starts-with(., '#')]!substring(., 2)"/>
  </xsl:function>

  <!-- an English paragraph starts a new row unless it shares an original with the one before -->
  <xsl:function name="p:starts-row" as="xs:boolean">
    <xsl:param name="en-p" as="element(tei:p)"/>
    <xsl:variable name="before" select="$en-p/preceding-sibling::tei:p[1]"/>
    <xsl:sequence select="empty($before) or not(p:refs($en-p) = p:refs($before))"/>
  </xsl:function>

  <!-- a URL that may become a link: http(s), mailto, or a plain relative path -->
  <xsl:function name="p:safe-url" as="xs:boolean">
    <xsl:param name="url" as="xs:string"/>
    <xsl:sequence select="matches($url, '^(https?://|mailto:)', 'i')
        or (not(matches($url, '^[a-zA-Z][a-zA-Z0-9+.-]*:')) and not(starts-with($url, '#')) and $url != '')"/>
  </xsl:function>

  <xsl:function name="p:lang-attrs" as="attribute()*">
    <xsl:param name="el" as="element()"/>
    <xsl:if test="$el/@xml:lang">
      <xsl:sequence select="p:lang(string($el/@xml:lang))"/>
    </xsl:if>
  </xsl:function>

  <!-- a language span: xml:lang (FOP's tagged PDF gives a block /Lang from it), the fonts, and, because
       FOP 2.8 writes no /Lang for an fo:inline, the tag again in fox:abbreviation, which FOP copies into
       the inline's structure element (/E) and teiedit.pdfpost turns into its /Lang -->
  <xsl:function name="p:lang" as="attribute()*">
    <xsl:param name="tag" as="xs:string"/>
    <xsl:attribute name="xml:lang" select="$tag"/>
    <xsl:attribute name="fox:abbreviation" select="$p:lang-mark || $tag"/>
    <xsl:choose>
      <xsl:when test="starts-with($tag, 'zh')">
        <xsl:attribute name="font-family" select="$p:zh-fonts"/>
        <xsl:attribute name="hyphenate" select="'false'"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:attribute name="font-family" select="$p:en-fonts"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>
  <!-- the prefix teiedit.pdfpost.LANG_MARK looks for -->
  <xsl:variable name="p:lang-mark" as="xs:string" select="'teiedit-lang:'"/>
  <xsl:variable name="p:zh" as="attribute()*" select="p:lang('zh-Hans')"/>

  <xsl:function name="p:id-attr" as="attribute()?">
    <xsl:param name="el" as="element()"/>
    <xsl:if test="$el/@xml:id">
      <xsl:attribute name="id" select="p:fo-id($el)"/>
    </xsl:if>
  </xsl:function>

  <xsl:function name="p:clip" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($s) le $max) then $s
        else replace(substring($s, 1, $max), '\s+\S*$', '') || '…'"/>
  </xsl:function>

  <!-- ===================================================================== page masters -->
  <xsl:template name="p:layout-masters">
    <fo:layout-master-set>
      <xsl:for-each select="('first', 'rest', 'plain')">
        <fo:simple-page-master master-name="p-{.}" page-width="{$p:page[1]}pt" page-height="{$p:page[2]}pt"
            margin-top="12mm" margin-bottom="10mm" margin-left="20mm" margin-right="20mm">
          <fo:region-body margin-top="{if (. = 'rest') then '14mm' else '6mm'}" margin-bottom="14mm"/>
          <fo:region-before region-name="p-head-{.}" extent="10mm"/>
          <fo:region-after region-name="p-foot" extent="9mm"/>
        </fo:simple-page-master>
      </xsl:for-each>
      <!-- a blank page (before a recto) carries no folio -->
      <fo:simple-page-master master-name="p-blank" page-width="{$p:page[1]}pt" page-height="{$p:page[2]}pt"
          margin-top="12mm" margin-bottom="10mm" margin-left="20mm" margin-right="20mm">
        <fo:region-body margin-top="6mm" margin-bottom="14mm"/>
      </fo:simple-page-master>
      <fo:page-sequence-master master-name="p-front">
        <fo:repeatable-page-master-alternatives>
          <fo:conditional-page-master-reference master-reference="p-blank" blank-or-not-blank="blank"/>
          <fo:conditional-page-master-reference master-reference="p-plain"/>
        </fo:repeatable-page-master-alternatives>
      </fo:page-sequence-master>
      <fo:page-sequence-master master-name="p-article">
        <fo:repeatable-page-master-alternatives>
          <fo:conditional-page-master-reference master-reference="p-first" page-position="first"/>
          <fo:conditional-page-master-reference master-reference="p-rest" page-position="rest"/>
        </fo:repeatable-page-master-alternatives>
      </fo:page-sequence-master>
    </fo:layout-master-set>
  </xsl:template>

  <!-- running head, "page N of M", footnote rule; $last-id names the element on the last page -->
  <xsl:template name="p:static-content">
    <xsl:param name="head-left" as="xs:string"/>
    <xsl:param name="head-right" as="xs:string"/>
    <xsl:param name="last-id" as="xs:string"/>
    <xsl:param name="last-is-sequence" as="xs:boolean" select="true()"/>
    <fo:static-content flow-name="p-head-rest" role="artifact">
      <fo:block font-size="8pt" color="{$p:grey}" text-align-last="justify" border-bottom="0.4pt solid #999999"
          padding-bottom="1pt" font-family="{$p:en-fonts}">
        <fo:inline font-style="italic"><xsl:value-of select="p:clip($head-left, 70)"/></fo:inline>
        <fo:leader leader-pattern="space"/>
        <xsl:value-of select="$head-right"/>
      </fo:block>
    </fo:static-content>
    <fo:static-content flow-name="p-foot" role="artifact">
      <fo:block font-size="8pt" color="{$p:grey}" text-align="center" font-family="{$p:en-fonts}">
        <xsl:text>page </xsl:text><fo:page-number/><xsl:text> of </xsl:text>
        <xsl:choose>
          <xsl:when test="$last-is-sequence"><fo:page-number-citation-last ref-id="{$last-id}"/></xsl:when>
          <xsl:otherwise><fo:page-number-citation ref-id="{$last-id}"/></xsl:otherwise>
        </xsl:choose>
      </fo:block>
    </fo:static-content>
    <fo:static-content flow-name="xsl-footnote-separator" role="artifact">
      <fo:block end-indent="70%" space-before="4pt" space-after="2pt">
        <fo:leader leader-pattern="rule" leader-length="100%" rule-thickness="0.4pt" color="#777777"/>
      </fo:block>
    </fo:static-content>
  </xsl:template>

  <!-- ============================================================ metadata of one article -->
  <xsl:function name="p:title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:sequence select="normalize-space(($tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title
        [starts-with(@xml:lang, $lang)][not(@type = 'sub')])[1])"/>
  </xsl:function>

  <xsl:function name="p:authors" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:for-each select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author">
      <xsl:variable name="name" select="normalize-space((tei:persName[starts-with(@xml:lang, $lang)],
          if (tei:persName or $lang = 'en') then () else .)[1])"/>
      <xsl:sequence select="$name[. != '']"/>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="p:monogr" as="element(tei:monogr)?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="$tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:biblStruct/tei:monogr"/>
  </xsl:function>

  <xsl:function name="p:date-en" as="xs:string">
    <xsl:param name="when" as="xs:string"/>
    <xsl:sequence select="if ($when castable as xs:date)
        then format-date(xs:date($when), '[D] [MNn] [Y]', 'en', (), ()) else $when"/>
  </xsl:function>

  <xsl:function name="p:date-zh" as="xs:string">
    <xsl:param name="when" as="xs:string"/>
    <xsl:sequence select="if ($when castable as xs:date)
        then format-date(xs:date($when), '[Y]年[M]月[D]日') else $when"/>
  </xsl:function>

  <!-- "人民日报 People's Daily · 1958-02-10 · p. 5" for running heads -->
  <xsl:function name="p:source-short" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="m" select="p:monogr($tei)"/>
    <xsl:sequence select="string-join((
        normalize-space($m/tei:title[starts-with(@xml:lang, 'zh')][1]) || ' '
          || normalize-space($m/tei:title[@xml:lang = 'en'][1]),
        string($m/tei:imprint/tei:date/@when),
        ($m/tei:biblScope[@unit = 'page'])[1]!('p. ' || normalize-space(.))), ' · ')"/>
  </xsl:function>

  <!-- fo:declarations: XMP metadata from the teiHeader and the TEI source as a PDF/A-3 attachment -->
  <xsl:template name="p:declarations">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="creators" as="xs:string*"/>
    <xsl:param name="subject" as="xs:string"/>
    <xsl:param name="keywords" as="xs:string"/>
    <xsl:param name="attachments" as="element(tei:TEI)*"/>
    <fo:declarations>
      <x:xmpmeta>
        <rdf:RDF>
          <rdf:Description rdf:about="">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default"><xsl:value-of select="$title"/></rdf:li></rdf:Alt></dc:title>
            <xsl:if test="exists($creators)">
              <dc:creator><rdf:Seq><xsl:for-each select="$creators"><rdf:li><xsl:value-of select="."/></rdf:li></xsl:for-each></rdf:Seq></dc:creator>
            </xsl:if>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default"><xsl:value-of select="$subject"/></rdf:li></rdf:Alt></dc:description>
            <dc:language><rdf:Bag><rdf:li>zh-Hans</rdf:li><rdf:li>en</rdf:li></rdf:Bag></dc:language>
            <xsl:if test="$licence != ''">
              <dc:rights><rdf:Alt><rdf:li xml:lang="x-default"><xsl:value-of select="$licence"/></rdf:li></rdf:Alt></dc:rights>
            </xsl:if>
            <dc:publisher><rdf:Bag><rdf:li><xsl:value-of select="$publisher"/></rdf:li></rdf:Bag></dc:publisher>
          </rdf:Description>
          <rdf:Description rdf:about="">
            <xmppdf:Keywords><xsl:value-of select="$keywords"/></xmppdf:Keywords>
          </rdf:Description>
        </rdf:RDF>
      </x:xmpmeta>
      <xsl:for-each select="$attachments">
        <pdfext:embedded-file filename="{tokenize(p:document-uri(.), '/')[last()]}"
            src="{p:document-uri(.)}" description="TEI P5 source of {@xml:id}"/>
      </xsl:for-each>
    </fo:declarations>
  </xsl:template>

  <!-- ============================================================ one article's content -->
  <!-- bibliographic block + parallel text + colophon, footnotes numbered in reading order -->
  <xsl:template name="p:article-content">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="raw" as="element()*">
      <xsl:call-template name="p:bibliographic-block"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
      <xsl:call-template name="p:parallel-text"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
      <xsl:call-template name="p:colophon"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="wrapped" as="document-node()">
      <xsl:document><p:article><xsl:sequence select="$raw"/></p:article></xsl:document>
    </xsl:variable>
    <xsl:apply-templates select="$wrapped/p:article/*" mode="p:number"/>
  </xsl:template>

  <xsl:template match="p:note-number" mode="p:number">
    <xsl:number select="ancestor::fo:footnote[1]" level="any" count="fo:footnote" from="p:article"/>
  </xsl:template>

  <xsl:template name="p:bibliographic-block">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="m" select="p:monogr($tei)"/>
    <xsl:variable name="when" select="string($m/tei:imprint/tei:date/@when)"/>
    <xsl:variable name="page" select="normalize-space(($m/tei:biblScope[@unit = 'page'])[1])"/>
    <xsl:variable name="section" select="normalize-space(($m/tei:biblScope[@unit = 'section'])[1])"/>
    <xsl:variable name="column" select="normalize-space(($m/tei:biblScope[@unit = 'column'])[1])"/>
    <xsl:variable name="sub" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub']"/>
    <fo:block id="{$tei/@xml:id}" space-after="7mm" keep-with-next.within-page="always">
      <fo:block font-size="8.5pt" color="{$p:grey}" letter-spacing="0.08em" space-after="3mm">
        <fo:inline><xsl:sequence select="$p:zh"/>
          <xsl:value-of select="normalize-space($m/tei:title[starts-with(@xml:lang, 'zh')][1])"/>
        </fo:inline>
        <xsl:text>  </xsl:text>
        <xsl:value-of select="upper-case(normalize-space($m/tei:title[@xml:lang = 'en'][1]))"/>
      </fo:block>
      <fo:block font-size="19pt" font-weight="bold" line-height="1.35"
          space-after="1.5mm"><xsl:sequence select="$p:zh"/>
        <xsl:value-of select="p:title($tei, 'zh')"/>
      </fo:block>
      <xsl:for-each select="$sub[starts-with(@xml:lang, 'zh')]">
        <fo:block font-size="12pt" space-after="1.5mm"><xsl:sequence select="$p:zh"/>
          <xsl:value-of select="normalize-space(.)"/>
        </fo:block>
      </xsl:for-each>
      <fo:block font-size="15pt" font-style="italic" line-height="1.25" space-after="1.5mm" hyphenate="false">
        <xsl:value-of select="p:title($tei, 'en')"/>
      </fo:block>
      <xsl:for-each select="$sub[@xml:lang = 'en']">
        <fo:block font-size="11pt" font-style="italic" space-after="1.5mm"><xsl:value-of select="normalize-space(.)"/></fo:block>
      </xsl:for-each>
      <xsl:variable name="zh-authors" select="p:authors($tei, 'zh')"/>
      <xsl:variable name="en-authors" select="p:authors($tei, 'en')"/>
      <xsl:if test="exists(($zh-authors, $en-authors))">
        <fo:block font-size="11pt" space-before="1mm">
          <fo:inline><xsl:sequence select="$p:zh"/><xsl:value-of select="string-join($zh-authors, '、')"/></fo:inline>
          <xsl:if test="exists($zh-authors) and exists($en-authors)"><xsl:text>  ·  </xsl:text></xsl:if>
          <xsl:value-of select="string-join($en-authors, ', ')"/>
        </fo:block>
      </xsl:if>
      <fo:block font-size="8.5pt" line-height="1.45" space-before="4mm" padding-before="2mm" padding-after="2mm"
          border-before-style="solid" border-before-width="0.6pt" border-after-style="solid"
          border-after-width="0.3pt" text-align="start" hyphenate="false">
        <fo:inline><xsl:sequence select="$p:zh"/>
          <xsl:value-of select="string-join((
              normalize-space($m/tei:title[starts-with(@xml:lang, 'zh')][1]),
              p:date-zh($when),
              $page[. != '']!('第' || . || '版'),
              $section[. != '']!('（' || . || '）'),
              $column[. != '']!('专栏：' || .)), ' ')"/>
        </fo:inline>
        <fo:block>
          <xsl:value-of select="string-join((
              normalize-space($m/tei:title[@xml:lang = 'en'][1]) || ' (' || normalize-space($m/tei:imprint/tei:pubPlace[1]) || ')',
              p:date-en($when),
              $page[. != '']!('page ' || .),
              $section[. != '']!('section ' || .),
              $column[. != '']!('column ' || .)), ', ')"/>
          <xsl:text>. Edition text </xsl:text>
          <fo:inline font-style="italic"><xsl:value-of select="$tei/@xml:id"/></fo:inline>
          <xsl:text>.</xsl:text>
        </fo:block>
      </fo:block>
    </fo:block>
  </xsl:template>

  <!-- the two divisions side by side: one table row per aligned paragraph group -->
  <xsl:template name="p:parallel-text">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="zh" select="($tei/tei:text/tei:body/tei:div[@type = 'original'])[1]"/>
    <xsl:variable name="en" select="($tei/tei:text/tei:body/tei:div[@type = 'translation'])[1]"/>
    <xsl:variable name="zh-blocks" select="$zh/node()[not(self::tei:head or self::tei:byline)]
        [self::* or normalize-space(.)]"/>
    <xsl:variable name="en-blocks" select="$en/node()[not(self::tei:head or self::tei:byline)]
        [self::* or normalize-space(.)]"/>
    <xsl:variable name="rows" as="element(p:row)*">
      <xsl:for-each-group select="$en-blocks" group-starting-with="tei:p[p:starts-row(.)]">
        <p:row n="{position()}" en="{current-group()!generate-id()}"
            zh-refs="{distinct-values(current-group()/self::tei:p!p:refs(.))}"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:variable name="all-refs" select="$rows/@zh-refs!tokenize(.)"/>
    <!-- each Chinese block goes to the row of the last referenced paragraph at or before it -->
    <xsl:variable name="zh-row" as="map(xs:string, xs:integer)" select="map:merge(
        for $b in $zh-blocks
        return let $anchor := ($b/(preceding-sibling::tei:p, self::tei:p)[@xml:id = $all-refs])[last()]
        return map{generate-id($b):
            if ($anchor) then xs:integer(($rows[tokenize(@zh-refs) = string($anchor/@xml:id)])[1]/@n) else 1})"/>
    <xsl:variable name="row-count" select="max((count($rows), 1))"/>
    <fo:table table-layout="fixed" width="100%" border-collapse="separate">
      <fo:table-column column-number="1" column-width="{$p:zh-column}"/>
      <fo:table-column column-number="2" column-width="proportional-column-width(1)"/>
      <fo:table-header>
        <fo:table-row>
          <fo:table-cell padding-end="{$p:gutter}pt" padding-after="1.5mm">
            <fo:block font-size="7.5pt" color="{$p:grey}"><fo:inline><xsl:sequence select="$p:zh"/>原文</fo:inline> Original (Chinese)</fo:block>
          </fo:table-cell>
          <fo:table-cell padding-start="{$p:gutter}pt" padding-after="1.5mm">
            <fo:block font-size="7.5pt" color="{$p:grey}"><fo:inline><xsl:sequence select="$p:zh"/>译文</fo:inline> Translation (English)</fo:block>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <fo:table-row keep-with-next.within-page="always">
          <xsl:call-template name="p:cell">
            <xsl:with-param name="div" select="$zh"/>
            <xsl:with-param name="content" select="$zh/(tei:head | tei:byline)"/>
          </xsl:call-template>
          <xsl:call-template name="p:cell">
            <xsl:with-param name="div" select="$en"/>
            <xsl:with-param name="content" select="$en/(tei:head | tei:byline)"/>
          </xsl:call-template>
        </fo:table-row>
        <xsl:for-each select="1 to $row-count">
          <xsl:variable name="n" select="."/>
          <xsl:variable name="row" select="$rows[xs:integer(@n) = $n]"/>
          <fo:table-row>
            <xsl:call-template name="p:cell">
              <xsl:with-param name="div" select="$zh"/>
              <xsl:with-param name="content" select="$zh-blocks[$zh-row(generate-id(.)) = $n]"/>
            </xsl:call-template>
            <xsl:call-template name="p:cell">
              <xsl:with-param name="div" select="$en"/>
              <xsl:with-param name="content" select="$en-blocks[generate-id(.) = tokenize($row/@en)]"/>
            </xsl:call-template>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template name="p:cell">
    <xsl:param name="div" as="element(tei:div)?"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:variable name="zh" select="empty($div) or p:is-zh($div)"/>
    <fo:table-cell padding-after="3.2mm">
      <xsl:choose>
        <xsl:when test="$zh">
          <xsl:attribute name="padding-end" select="$p:gutter || 'pt'"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="padding-start" select="$p:gutter || 'pt'"/>
          <!-- the CJK face's taller ascent puts the first Chinese baseline lower: match it -->
          <xsl:attribute name="padding-before" select="'3.1pt'"/>
          <xsl:attribute name="padding-before.conditionality" select="'retain'"/>
          <xsl:attribute name="border-start-style" select="'solid'"/>
          <xsl:attribute name="border-start-width" select="'0.3pt'"/>
          <xsl:attribute name="border-start-color" select="'#aaaaaa'"/>
        </xsl:otherwise>
      </xsl:choose>
      <fo:block>
        <xsl:choose>
          <xsl:when test="$zh">
            <xsl:sequence select="$p:zh"/>
            <xsl:attribute name="font-size" select="$p:zh-size || 'pt'"/>
            <xsl:attribute name="line-height" select="'1.75'"/>
            <xsl:attribute name="text-align" select="'justify'"/>
            <xsl:attribute name="hyphenate" select="'false'"/>
            <xsl:attribute name="letter-spacing.minimum" select="'0pt'"/>
            <xsl:attribute name="letter-spacing.optimum" select="'0pt'"/>
            <xsl:attribute name="letter-spacing.maximum" select="'0.08em'"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:attribute name="font-family" select="$p:en-fonts"/>
            <xsl:attribute name="language" select="'en'"/>
            <xsl:attribute name="font-size" select="'10pt'"/>
            <xsl:attribute name="line-height" select="'1.45'"/>
            <xsl:attribute name="text-align" select="'justify'"/>
            <xsl:attribute name="hyphenate" select="'true'"/>
            <xsl:attribute name="hyphenation-push-character-count" select="'3'"/>
            <xsl:attribute name="hyphenation-remain-character-count" select="'3'"/>
            <xsl:attribute name="hyphenation-ladder-count" select="'2'"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:attribute name="widows" select="'2'"/>
        <xsl:attribute name="orphans" select="'2'"/>
        <xsl:apply-templates select="$content" mode="p:block"/>
      </fo:block>
    </fo:table-cell>
  </xsl:template>

  <xsl:template name="p:colophon">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:variable name="pub" select="$h/tei:fileDesc/tei:publicationStmt"/>
    <xsl:variable name="lic" select="($pub/tei:availability/tei:licence[@n = 'encoding'], $pub/tei:availability/tei:licence)[1]"/>
    <xsl:variable name="app" select="($h/tei:encodingDesc/tei:appInfo/tei:application)[1]"/>
    <fo:block space-before="8mm" font-size="7.5pt" line-height="1.45" color="#333333" text-align="start"
        border-before-style="solid" border-before-width="0.3pt" padding-before="2mm" hyphenate="false"
        keep-together.within-page="always">
      <fo:block font-weight="bold" space-after="1mm">Colophon</fo:block>
      <fo:block>
        <xsl:value-of select="normalize-space(($h/tei:fileDesc/tei:seriesStmt/tei:title[@xml:lang = 'en'], $edition-title)[1])"/>
        <xsl:text>. Published by </xsl:text>
        <xsl:value-of select="normalize-space(($pub/tei:publisher, $publisher)[1])"/>
        <xsl:value-of select="($pub/tei:date, $edition-date)[normalize-space()][1]!(', ' || normalize-space(.))"/>
        <xsl:text>.</xsl:text>
      </fo:block>
      <fo:block>
        <xsl:for-each select="$h/tei:fileDesc/tei:titleStmt/tei:respStmt">
          <xsl:value-of select="tc:credit(., ', ') || '. '"/>
        </xsl:for-each>
      </fo:block>
      <fo:block>
        <xsl:text>Licence: </xsl:text>
        <xsl:value-of select="normalize-space(($lic, $licence)[1])"/>
        <xsl:variable name="url" select="string(($lic/@target, $licence-url)[. != ''][1])"/>
        <xsl:if test="$url != '' and p:safe-url($url)">
          <xsl:text> (</xsl:text>
          <fo:basic-link external-destination="url('{$url}')" color="{$p:link-colour}" fox:alt-text="Licence: {$url}"><xsl:value-of select="$url"/></fo:basic-link>
          <xsl:text>)</xsl:text>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </fo:block>
      <fo:block>
        <xsl:text>Source: the TEI P5 document </xsl:text>
        <fo:inline font-style="italic"><xsl:value-of select="tokenize(p:document-uri($tei), '/')[last()]"/></fo:inline>
        <xsl:value-of select="' (source id ' || normalize-space($pub/tei:idno[@type = 'source-id']) || ')'"/>
        <xsl:text>, attached to this PDF. Encoded by </xsl:text>
        <xsl:value-of select="normalize-space(($app/tei:label, $app/@ident)[1]) || ' ' || $app/@version"/>
        <xsl:text>; typeset from it with XSLT 3.0 and Apache FOP in Noto Serif and Noto Serif CJK SC</xsl:text>
        <xsl:value-of select="if ($pdfa = 'yes') then ' as PDF/A-3a (tagged).' else '.'"/>
        <xsl:text> Editorial signs: [ ] supplied or corrected, […] gap, ? unclear, ⸌ ⸍ added, struck through: deleted, | line break, [p. N] page break, § milestone of the source, ∅ no counterpart for a sentence of the other version; underlined: names; numbered notes are the editors’.</xsl:text>
      </fo:block>
    </fo:block>
  </xsl:template>

  <!-- ============================================================= block context (div children) -->
  <xsl:template match="text()" mode="p:block">
    <xsl:if test="normalize-space(.)">
      <fo:block><xsl:apply-templates select="." mode="p:text"/></fo:block>
    </xsl:if>
  </xsl:template>

  <xsl:template match="*" mode="p:block">
    <xsl:choose>
      <xsl:when test="tb:behaviour(.) = $p:block-behaviours">
        <xsl:apply-templates select="." mode="p:text"/>
      </xsl:when>
      <xsl:otherwise>
        <fo:block><xsl:apply-templates select="." mode="p:text"/></fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ text: white space -->
  <!-- indentation between sentences and blocks: one space in English, nothing in Chinese -->
  <xsl:template match="text()" mode="p:text">
    <xsl:variable name="zh" select="p:is-zh(.)"/>
    <xsl:choose>
      <xsl:when test="normalize-space(.) = ''">
        <xsl:variable name="between-sentences" select="contains(., '&#10;')
            and (empty(preceding-sibling::node()) or empty(following-sibling::node())
                 or preceding-sibling::*[1][self::tei:s] or following-sibling::*[1][self::tei:s])"/>
        <xsl:choose>
          <!-- FOP finds no line-break opportunity at an element boundary inside Chinese text: a zero
               width space between two sentences gives it back (the next sentence never starts with a
               closing mark, so kinsoku is safe) -->
          <xsl:when test="$zh and preceding-sibling::node()[1][self::tei:s] and following-sibling::node()[1][self::tei:s]">&#x200B;</xsl:when>
          <xsl:when test="$zh and contains(., '&#10;')"/>
          <xsl:when test="$between-sentences and (empty(preceding-sibling::node()) or empty(following-sibling::node()))"/>
          <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$zh">
        <!-- a line break inside Chinese is source indentation, not a space -->
        <xsl:value-of select="replace(replace(., '\s*\n\s*', ''), '\s+', ' ')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="replace(., '\s+', ' ')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===================================================================== behaviours -->
  <xsl:template match="*[tb:behaviour(.) = 'division']" mode="p:text">
    <fo:block>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:block"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'heading']" mode="p:text">
    <xsl:variable name="top" select="exists(parent::tei:div/parent::tei:body)"/>
    <fo:block font-weight="bold" keep-with-next.within-page="always" text-align="start" hyphenate="false"
        space-after="{if ($top) then '1mm' else '1.5mm'}"
        font-size="{if (@type = 'sub') then '105%' else if ($top) then '125%' else '100%'}">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'byline']" mode="p:text">
    <fo:block space-after="3mm" text-align="start" keep-with-next.within-page="always">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'author']" mode="p:text">
    <fo:inline font-style="{if (p:is-zh(.)) then 'normal' else 'italic'}">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'paragraph']" mode="p:text">
    <fo:block text-indent="{if (p:is-zh(.)) then '2em' else '1.5em'}"
        space-before="{if (preceding-sibling::tei:p) then '0.6em' else '0pt'}">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = ('sentence', 'segment', 'date', 'number', 'bibl', 'bibl-part',
      'regularisation', 'expansion', 'original-form', 'abbreviation')]" mode="p:text">
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
    <!-- Chinese sentences written with nothing between them (teiedit's own output): the same zero width
         break opportunity as for indentation between them -->
    <xsl:if test="self::tei:s and p:is-zh(.) and following-sibling::node()[1][self::tei:s or self::tei:anchor]">&#x200B;</xsl:if>
  </xsl:template>

  <!-- notes: numbered footnotes; the number is filled in by mode p:number in reading order -->
  <xsl:template match="*[tb:behaviour(.) = 'note']" mode="p:text">
    <xsl:choose>
      <xsl:when test="ancestor::tei:note">
        <!-- FOP has no footnotes inside footnotes -->
        <fo:inline>
          <xsl:text> (</xsl:text><xsl:apply-templates mode="p:text"/><xsl:text>)</xsl:text>
        </fo:inline>
      </xsl:when>
      <xsl:otherwise>
        <fo:footnote>
          <fo:inline font-size="65%" baseline-shift="0.6em" line-height-shift-adjustment="disregard-shifts"
              font-family="{$p:en-fonts}" font-style="normal" font-weight="normal" text-decoration="none"
              color="black">
            <xsl:sequence select="p:id-attr(.)"/>
            <p:note-number/>
          </fo:inline>
          <fo:footnote-body>
            <fo:list-block provisional-distance-between-starts="5mm" provisional-label-separation="1mm"
                start-indent="0pt" end-indent="0pt" text-indent="0pt" font-size="8pt" line-height="1.4"
                text-align="justify" font-style="normal" font-weight="normal" text-decoration="none"
                color="black" letter-spacing="normal" space-before="1.5pt"
                font-family="{if (p:is-zh(.)) then $p:zh-fonts else $p:en-fonts}"
                xml:lang="{if (p:is-zh(.)) then 'zh-Hans' else 'en'}"
                hyphenate="{if (p:is-zh(.)) then 'false' else 'true'}">
              <fo:list-item>
                <fo:list-item-label end-indent="label-end()">
                  <fo:block font-family="{$p:en-fonts}"><p:note-number/></fo:block>
                </fo:list-item-label>
                <fo:list-item-body start-indent="body-start()">
                  <fo:block><xsl:apply-templates mode="p:text"/></fo:block>
                </fo:list-item-body>
              </fo:list-item>
            </fo:list-block>
          </fo:footnote-body>
        </fo:footnote>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'emphasis']" mode="p:text">
    <fo:inline>
      <xsl:choose>
        <!-- Han has no italic: emphasis in Chinese is bold -->
        <xsl:when test="p:is-zh(.)"><xsl:attribute name="font-weight" select="'bold'"/></xsl:when>
        <xsl:otherwise><xsl:attribute name="font-style" select="'italic'"/></xsl:otherwise>
      </xsl:choose>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'highlight']" mode="p:text">
    <xsl:variable name="rend" select="tokenize(lower-case(string-join((@rend, @rendition!substring-after(., '#')), ' ')))"/>
    <fo:inline>
      <xsl:if test="$rend = ('italic', 'i', 'italics') or empty($rend)">
        <xsl:attribute name="font-style" select="'italic'"/>
      </xsl:if>
      <xsl:if test="$rend = ('bold', 'b', 'strong')"><xsl:attribute name="font-weight" select="'bold'"/></xsl:if>
      <xsl:if test="$rend = ('underline', 'u')"><xsl:attribute name="text-decoration" select="'underline'"/></xsl:if>
      <xsl:if test="$rend = ('strikethrough', 'line-through', 'strike')">
        <xsl:attribute name="text-decoration" select="'line-through'"/>
      </xsl:if>
      <xsl:if test="$rend = ('sup', 'superscript')">
        <xsl:attribute name="baseline-shift" select="'0.5em'"/>
        <xsl:attribute name="font-size" select="'70%'"/>
      </xsl:if>
      <xsl:if test="$rend = ('sub', 'subscript')">
        <xsl:attribute name="baseline-shift" select="'-0.25em'"/>
        <xsl:attribute name="font-size" select="'70%'"/>
      </xsl:if>
      <xsl:if test="$rend = ('smallcaps', 'small-caps', 'sc')"><xsl:attribute name="font-size" select="'85%'"/></xsl:if>
      <xsl:if test="$rend = ('spaced', 'letterspace')"><xsl:attribute name="letter-spacing" select="'0.15em'"/></xsl:if>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = ('foreign', 'term', 'title')]" mode="p:text">
    <fo:inline font-style="{if (p:is-zh(.)) then 'normal' else 'italic'}">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>

  <!-- names: underlined, as in the HTML edition (and as Chinese marks proper names: 专名线) -->
  <xsl:template match="*[tb:behaviour(.) = 'name']" mode="p:text">
    <fo:inline text-decoration="underline">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'quote']" mode="p:text">
    <xsl:variable name="quoted" select="matches(normalize-space(.), '^[“‘「『&quot;]')"/>
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:if test="not($quoted)">“</xsl:if>
      <xsl:apply-templates mode="p:text"/>
      <xsl:if test="not($quoted)">”</xsl:if>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'block-quote']" mode="p:text">
    <fo:block margin-left="6mm" margin-right="4mm" font-size="92%" space-before="0.6em" space-after="0.6em"
        text-indent="0pt">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:block"/>
    </fo:block>
  </xsl:template>

  <!-- links only for http(s)/mailto/relative URLs and ids of this document -->
  <xsl:template match="*[tb:behaviour(.) = ('reference', 'pointer')]" mode="p:text">
    <xsl:variable name="target" select="normalize-space((@target, @url)[1])"/>
    <xsl:variable name="first" select="tokenize($target)[1]"/>
    <xsl:variable name="local" select="if (starts-with($first, '#'))
        then (root(.)//*[@xml:id = substring($first, 2)])[1] else ()"/>
    <xsl:variable name="label" as="node()*">
      <xsl:choose>
        <xsl:when test="tb:behaviour(.) = 'pointer' and $local">
          <xsl:value-of select="'→ ' || normalize-space(($local/@n, $local/@xml:id)[1])"/>
        </xsl:when>
        <xsl:when test="tb:behaviour(.) = 'pointer'"><xsl:value-of select="$target"/></xsl:when>
        <xsl:otherwise><xsl:apply-templates mode="p:text"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$local">
        <!-- fox:alt-text: a tagged link says where it goes (the /Alt of its structure element) -->
        <fo:basic-link internal-destination="{p:fo-id($local)}" color="{$p:link-colour}"
            fox:alt-text="{'Go to ' || normalize-space(($local/@n, $local/@xml:id)[1])}">
          <xsl:sequence select="p:id-attr(.), p:lang-attrs(.), $label"/>
        </fo:basic-link>
      </xsl:when>
      <xsl:when test="$first != '' and p:safe-url($first) and matches($first, '^(https?://|mailto:)')">
        <fo:basic-link external-destination="url('{replace($first, '''', '%27')}')" color="{$p:link-colour}"
            fox:alt-text="{'Link to ' || $first}">
          <xsl:sequence select="p:id-attr(.), p:lang-attrs(.), $label"/>
        </fo:basic-link>
      </xsl:when>
      <xsl:otherwise>
        <fo:inline><xsl:sequence select="p:id-attr(.), p:lang-attrs(.), $label"/></fo:inline>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- choice: the corrected / regularised / expanded form, the original after it in grey -->
  <xsl:template match="*[tb:behaviour(.) = 'choice']" mode="p:text">
    <xsl:variable name="shown" select="(tei:corr, tei:reg, tei:expan, *)[1]"/>
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates select="$shown" mode="p:text"/>
      <xsl:for-each select="* except $shown">
        <fo:inline font-size="75%" color="{$p:grey}">
          <xsl:variable name="label" select="map{'sic': 'as printed', 'corr': 'corrected',
              'orig': 'original form', 'reg': 'regularised', 'abbr': 'abbreviation', 'expan': 'expanded'}(local-name())"/>
          <fo:inline font-family="{$p:en-fonts}"><xsl:value-of select="' [' || $label || ': '"/></fo:inline>
          <xsl:apply-templates mode="p:text"/>
          <fo:inline font-family="{$p:en-fonts}">]</fo:inline>
        </fo:inline>
      </xsl:for-each>
    </fo:inline>
  </xsl:template>

  <!-- an editor's correction without the source's reading: in brackets, like supplied text -->
  <xsl:template match="*[tb:behaviour(.) = 'correction']" mode="p:text">
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:if test="not(parent::tei:choice)"><fo:inline font-family="{$p:en-fonts}" color="{$p:grey}">[</fo:inline></xsl:if>
      <xsl:apply-templates mode="p:text"/>
      <xsl:if test="not(parent::tei:choice)"><fo:inline font-family="{$p:en-fonts}" color="{$p:grey}">]</fo:inline></xsl:if>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'sic']" mode="p:text">
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
      <xsl:if test="not(parent::tei:choice)">
        <fo:inline font-size="75%" color="{$p:grey}">
          <fo:inline font-family="{$p:en-fonts}"> [sic]</fo:inline>
        </fo:inline>
      </xsl:if>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'unclear']" mode="p:text">
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
      <fo:inline color="{$p:grey}" font-family="{$p:en-fonts}" font-size="70%" baseline-shift="0.5em">?</fo:inline>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'gap']" mode="p:text">
    <fo:inline color="{$p:grey}">
      <xsl:sequence select="p:id-attr(.)"/>
      <fo:inline font-family="{$p:en-fonts}">[…]</fo:inline>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'supplied']" mode="p:text">
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <fo:inline font-family="{$p:en-fonts}" color="{$p:grey}">[</fo:inline>
      <xsl:apply-templates mode="p:text"/>
      <fo:inline font-family="{$p:en-fonts}" color="{$p:grey}">]</fo:inline>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'deletion']" mode="p:text">
    <fo:inline text-decoration="line-through" color="{$p:grey}">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'addition']" mode="p:text">
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <fo:inline font-family="{$p:en-fonts}" color="{$p:grey}">⸌</fo:inline>
      <xsl:apply-templates mode="p:text"/>
      <fo:inline font-family="{$p:en-fonts}" color="{$p:grey}">⸍</fo:inline>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'line-break']" mode="p:text">
    <fo:inline color="{$p:grey}" font-family="{$p:en-fonts}" font-size="80%">
      <xsl:sequence select="p:id-attr(.)"/>
      <xsl:text>|</xsl:text>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'page-break']" mode="p:text">
    <fo:inline color="{$p:grey}" font-family="{$p:en-fonts}" font-size="80%">
      <xsl:sequence select="p:id-attr(.)"/>
      <xsl:value-of select="'[p.' || @n!(' ' || .) || ']'"/>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'milestone']" mode="p:text">
    <fo:inline color="{$p:grey}" font-family="{$p:en-fonts}" font-size="80%">
      <xsl:sequence select="p:id-attr(.)"/>
      <xsl:text>§</xsl:text>
    </fo:inline>
  </xsl:template>

  <!-- an anchor has no text; a gap anchor (a sentence of the other version without counterpart) is a
       quiet mark, as in the HTML edition -->
  <xsl:template match="*[tb:behaviour(.) = 'anchor']" mode="p:text">
    <fo:inline color="{$p:grey}" font-family="{$p:en-fonts}" font-size="80%">
      <xsl:sequence select="p:id-attr(.)"/>
      <xsl:if test="@type = 'alignment-gap'">∅</xsl:if>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'verse-group']" mode="p:text">
    <fo:block margin-left="6mm" space-before="0.5em" space-after="0.5em" text-align="start" text-indent="0pt">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:block"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'verse-line']" mode="p:text">
    <fo:block text-align="start" text-indent="-1.5em" start-indent="from-parent(start-indent) + 1.5em">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'list']" mode="p:text">
    <xsl:variable name="ordered" select="tokenize(lower-case(string-join((@type, @rend), ' '))) = ('ordered', 'numbered', 'decimal')"/>
    <fo:block space-before="0.4em" space-after="0.4em" text-indent="0pt">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates select="* except (tei:item, tei:label)" mode="p:block"/>
      <xsl:if test="tei:item">
        <fo:list-block provisional-distance-between-starts="{if (tei:label) then '10mm' else '6mm'}"
            provisional-label-separation="2mm">
          <xsl:for-each select="tei:item">
            <fo:list-item space-before="0.2em">
              <fo:list-item-label end-indent="label-end()">
                <fo:block text-align="start">
                  <xsl:variable name="label" select="preceding-sibling::*[1][self::tei:label]"/>
                  <xsl:choose>
                    <xsl:when test="$label"><xsl:apply-templates select="$label" mode="p:text"/></xsl:when>
                    <xsl:when test="@n"><xsl:value-of select="@n"/></xsl:when>
                    <xsl:when test="$ordered"><xsl:number value="position()" format="1."/></xsl:when>
                    <xsl:otherwise>•</xsl:otherwise>
                  </xsl:choose>
                </fo:block>
              </fo:list-item-label>
              <fo:list-item-body start-indent="body-start()">
                <fo:block><xsl:apply-templates select="." mode="p:text"/></fo:block>
              </fo:list-item-body>
            </fo:list-item>
          </xsl:for-each>
        </fo:list-block>
      </xsl:if>
      <!-- labels not followed by an item keep their text -->
      <xsl:for-each select="tei:label[not(following-sibling::*[1][self::tei:item])]">
        <fo:block><xsl:apply-templates select="." mode="p:text"/></fo:block>
      </xsl:for-each>
    </fo:block>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'list-item']" mode="p:text">
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'label']" mode="p:text">
    <fo:inline font-weight="bold">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'table']" mode="p:text">
    <xsl:variable name="columns" select="max((1, tei:row!sum(tei:cell!(if (@cols castable as xs:integer) then xs:integer(@cols) else 1))))"/>
    <fo:block space-before="0.6em" space-after="0.6em" text-indent="0pt" text-align="start">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates select="tei:head" mode="p:text"/>
      <xsl:if test="tei:row[tei:cell]">
        <fo:table table-layout="fixed" width="100%" border-collapse="collapse">
          <xsl:for-each select="1 to $columns">
            <fo:table-column column-width="proportional-column-width(1)"/>
          </xsl:for-each>
          <fo:table-body>
            <xsl:apply-templates select="tei:row[tei:cell]" mode="p:text"/>
          </fo:table-body>
        </fo:table>
      </xsl:if>
      <xsl:apply-templates select="* except (tei:head, tei:row[tei:cell])" mode="p:block"/>
    </fo:block>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'row']" mode="p:text">
    <xsl:choose>
      <xsl:when test="parent::tei:table and tei:cell">
        <fo:table-row>
          <xsl:if test="@role = 'label'"><xsl:attribute name="font-weight" select="'bold'"/></xsl:if>
          <xsl:apply-templates select="tei:cell" mode="p:text"/>
        </fo:table-row>
      </xsl:when>
      <xsl:otherwise>
        <fo:block><xsl:apply-templates mode="p:text"/></fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'cell']" mode="p:text">
    <xsl:choose>
      <xsl:when test="parent::tei:row/parent::tei:table">
        <fo:table-cell border="0.3pt solid #888888" padding="1mm">
          <xsl:if test="@cols castable as xs:integer and xs:integer(@cols) gt 1">
            <xsl:attribute name="number-columns-spanned" select="@cols"/>
          </xsl:if>
          <xsl:if test="@rows castable as xs:integer and xs:integer(@rows) gt 1">
            <xsl:attribute name="number-rows-spanned" select="@rows"/>
          </xsl:if>
          <xsl:if test="@role = 'label'"><xsl:attribute name="font-weight" select="'bold'"/></xsl:if>
          <fo:block><xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/><xsl:apply-templates mode="p:text"/></fo:block>
        </fo:table-cell>
      </xsl:when>
      <xsl:otherwise>
        <fo:inline><xsl:apply-templates mode="p:text"/></fo:inline>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'figure']" mode="p:text">
    <fo:block space-before="0.6em" space-after="0.6em" text-align="center" text-indent="0pt"
        keep-together.within-page="always">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates select="tei:graphic" mode="p:block"/>
      <xsl:apply-templates select="* except tei:graphic" mode="p:block"/>
    </fo:block>
  </xsl:template>

  <!-- a graphic is embedded when its URL is a relative path to an image next to the TEI file, else named -->
  <xsl:template match="*[tb:behaviour(.) = 'graphic']" mode="p:text">
    <xsl:variable name="url" select="normalize-space(@url)"/>
    <xsl:variable name="local" select="$url != '' and not(matches($url, '^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#'))"/>
    <xsl:variable name="src" select="if ($local) then replace(string(resolve-uri($url, base-uri(.))), '^file:/+', 'file:///') else ''"/>
    <xsl:choose>
      <xsl:when test="$local and $src = $p:images">
        <!-- the alternate text of tagged PDF (PDF/A-3a): the figure's description, else the file's name -->
        <xsl:variable name="alt" select="normalize-space(string-join((tei:desc, parent::tei:figure/tei:figDesc), ' '))"/>
        <fo:external-graphic src="url('{$src}')" content-width="scale-down-to-fit"
            width="100%" content-height="scale-down-to-fit" max-height="80mm"
            fox:alt-text="{if ($alt != '') then $alt else 'Illustration: ' || $url}">
          <xsl:sequence select="p:id-attr(.)"/>
        </fo:external-graphic>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="$local">
          <xsl:message select="'[teiedit:missing-image] ' || $url || ' (no such file next to the TEI document)'"/>
        </xsl:if>
        <fo:inline color="{$p:grey}">
          <xsl:sequence select="p:id-attr(.)"/>
          <xsl:value-of select="'[illustration' || ($url[. != '']!(': ' || .)) || ']'"/>
        </fo:inline>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[tb:behaviour(.) = 'figure-description']" mode="p:text">
    <fo:block font-size="85%" font-style="italic" text-align="center" space-before="0.3em">
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:block>
  </xsl:template>

  <!-- anything not planned for: keep its text, warn -->
  <xsl:template match="*[tb:behaviour(.) = 'unknown']" mode="p:text">
    <xsl:message select="'[teiedit:unknown-element] ' || name()"/>
    <fo:inline>
      <xsl:sequence select="p:id-attr(.), p:lang-attrs(.)"/>
      <xsl:apply-templates mode="p:text"/>
    </fo:inline>
  </xsl:template>
</xsl:stylesheet>
