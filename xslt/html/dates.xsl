<?xml version="1.0" encoding="UTF-8"?>
<!-- Browse by date: year → month → day pages, each with counts. Input: <dates> with the records of the
     years to render (see teiedit/browse.py); output: <pages><page href="…"><html>…</html></page>…</pages>,
     split into files by Python (one transform per year keeps every page small and the run bounded). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:td="urn:teiedit:dates"
  exclude-result-prefixes="xs td"
  default-mode="td:page">

  <xsl:mode name="td:page" on-no-match="shallow-skip"/>
  <xsl:mode name="td:list" on-no-match="shallow-skip"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="edition-title" as="xs:string" select="'People''s Daily (人民日报): a bilingual digital edition'"/>

  <xsl:variable name="months-zh" as="xs:string*"
    select="('一月','二月','三月','四月','五月','六月','七月','八月','九月','十月','十一月','十二月')"/>
  <xsl:variable name="months-en" as="xs:string*"
    select="('January','February','March','April','May','June','July','August','September','October','November','December')"/>

  <xsl:template match="/dates" mode="td:page">
    <pages>
      <xsl:if test="@all-years = 'true'">
        <page href="dates/index.html">
          <xsl:call-template name="td:html">
            <xsl:with-param name="root" select="'../'"/>
            <xsl:with-param name="title-en" select="'Browse by date'"/>
            <xsl:with-param name="title-zh" select="'按日期浏览'"/>
            <xsl:with-param name="crumbs" select="()"/>
            <xsl:with-param name="count" select="xs:integer(@count)"/>
            <xsl:with-param name="body">
              <ul class="dates-list">
                <xsl:for-each select="year-count">
                  <li><a href="{@value}/index.html"><xsl:value-of select="@value"/></a>
                    <xsl:text> </xsl:text><span class="count"><xsl:value-of select="td:count(@count)"/></span></li>
                </xsl:for-each>
              </ul>
            </xsl:with-param>
          </xsl:call-template>
        </page>
      </xsl:if>
      <xsl:apply-templates select="year" mode="td:page"/>
    </pages>
  </xsl:template>

  <xsl:template match="year" mode="td:page">
    <xsl:variable name="y" select="@value"/>
    <page href="dates/{$y}/index.html">
      <xsl:call-template name="td:html">
        <xsl:with-param name="root" select="'../../'"/>
        <xsl:with-param name="title-en" select="string($y)"/>
        <xsl:with-param name="title-zh" select="$y || '年'"/>
        <xsl:with-param name="crumbs" select="()"/>
        <xsl:with-param name="count" select="count(.//article)"/>
        <xsl:with-param name="body">
          <ul class="dates-list">
            <xsl:for-each select="month">
              <li><a href="{@value}/index.html"><xsl:value-of select="td:month-name(@value)"/></a>
                <xsl:text> </xsl:text><span class="count"><xsl:value-of select="td:count(count(.//article))"/></span></li>
            </xsl:for-each>
          </ul>
        </xsl:with-param>
      </xsl:call-template>
    </page>
    <xsl:apply-templates select="month" mode="td:page"/>
  </xsl:template>

  <xsl:template match="month" mode="td:page">
    <xsl:variable name="y" select="../@value"/>
    <xsl:variable name="m" select="@value"/>
    <page href="dates/{$y}/{$m}/index.html">
      <xsl:call-template name="td:html">
        <xsl:with-param name="root" select="'../../../'"/>
        <xsl:with-param name="title-en" select="td:month-name($m) => substring-before(' · ') || ' ' || $y"/>
        <xsl:with-param name="title-zh" select="$y || '年' || xs:integer($m) || '月'"/>
        <xsl:with-param name="crumbs" select="$y"/>
        <xsl:with-param name="count" select="count(.//article)"/>
        <xsl:with-param name="body">
          <ul class="dates-list">
            <xsl:for-each select="day">
              <li><a href="{@value}.html"><xsl:value-of select="$y || '-' || $m || '-' || @value"/></a>
                <xsl:text> </xsl:text><span class="count"><xsl:value-of select="td:count(count(article))"/></span></li>
            </xsl:for-each>
          </ul>
        </xsl:with-param>
      </xsl:call-template>
    </page>
    <xsl:apply-templates select="day" mode="td:page"/>
  </xsl:template>

  <xsl:template match="day" mode="td:page">
    <xsl:variable name="y" select="../../@value"/>
    <xsl:variable name="m" select="../@value"/>
    <xsl:variable name="date" select="$y || '-' || $m || '-' || @value"/>
    <page href="dates/{$y}/{$m}/{@value}.html">
      <xsl:call-template name="td:html">
        <xsl:with-param name="root" select="'../../../'"/>
        <xsl:with-param name="title-en" select="$date"/>
        <xsl:with-param name="title-zh" select="$y || '年' || xs:integer($m) || '月' || xs:integer(@value) || '日'"/>
        <xsl:with-param name="crumbs" select="($y, $m)"/>
        <xsl:with-param name="count" select="count(article)"/>
        <xsl:with-param name="body">
          <xsl:for-each-group select="article" group-by="@page">
            <section class="newspaper-page" id="page-{current-grouping-key()}">
              <h2>Page <xsl:value-of select="current-grouping-key()"/> · <span lang="zh-Hans">第<xsl:value-of select="current-grouping-key()"/>版</span>
                <xsl:text> </xsl:text><span class="count"><xsl:value-of select="td:count(count(current-group()))"/></span></h2>
              <ul class="articles">
                <xsl:apply-templates select="current-group()" mode="td:list"/>
              </ul>
            </section>
          </xsl:for-each-group>
        </xsl:with-param>
      </xsl:call-template>
    </page>
  </xsl:template>

  <xsl:template match="article" mode="td:list">
    <li class="article" data-article="{@id}">
      <a href="../../../articles/{@id}.html">
        <span lang="zh-Hans" class="title-zh"><xsl:value-of select="@title-zh"/></span>
        <xsl:text> · </xsl:text>
        <span lang="en" class="title-en"><xsl:value-of select="@title-en"/></span>
      </a>
      <xsl:if test="@authors-zh != '' or @authors-en != ''">
        <xsl:text> — </xsl:text>
        <span lang="zh-Hans"><xsl:value-of select="@authors-zh"/></span>
        <xsl:if test="@authors-en != ''"><xsl:text> </xsl:text><span lang="en">(<xsl:value-of select="@authors-en"/>)</span></xsl:if>
      </xsl:if>
      <xsl:if test="@section != '' or @column != ''">
        <span class="where"><xsl:text> · </xsl:text><span lang="zh-Hans"><xsl:value-of select="string-join((@section, @column)[. != ''], ' · ')"/></span></span>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="td:html">
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="title-en" as="xs:string"/>
    <xsl:param name="title-zh" as="xs:string"/>
    <xsl:param name="crumbs" as="xs:string*"/>
    <xsl:param name="count" as="xs:integer"/>
    <xsl:param name="body"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title-en || ' · ' || $title-zh || ' — ' || $edition-title"/></title>
        <link rel="icon" href="data:,"/>
        <link rel="stylesheet" href="{$root}assets/search.css"/>
      </head>
      <body class="teiedit-search teiedit-dates">
        <header>
          <nav aria-label="Breadcrumbs · 导航">
            <a href="{$root}index.html">Contents · <span lang="zh-Hans">目录</span></a>
            <xsl:text> › </xsl:text>
            <a href="{$root}dates/index.html">Dates · <span lang="zh-Hans">日期</span></a>
            <xsl:if test="exists($crumbs)">
              <xsl:text> › </xsl:text>
              <a href="{$root}dates/{$crumbs[1]}/index.html"><xsl:value-of select="$crumbs[1]"/></a>
            </xsl:if>
            <xsl:if test="count($crumbs) ge 2">
              <xsl:text> › </xsl:text>
              <a href="{$root}dates/{$crumbs[1]}/{$crumbs[2]}/index.html"><xsl:value-of select="td:month-name($crumbs[2])"/></a>
            </xsl:if>
            <xsl:text> · </xsl:text>
            <a href="{$root}search.html">Search · <span lang="zh-Hans">搜索</span></a>
          </nav>
          <h1><xsl:value-of select="$title-en"/> · <span lang="zh-Hans"><xsl:value-of select="$title-zh"/></span></h1>
          <p class="count-total"><xsl:value-of select="td:count($count)"/></p>
        </header>
        <main>
          <xsl:copy-of select="$body"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:function name="td:count" as="xs:string">
    <xsl:param name="n"/>
    <xsl:variable name="i" select="xs:integer($n)"/>
    <xsl:sequence select="$i || (if ($i = 1) then ' article' else ' articles') || ' · ' || $i || ' 篇'"/>
  </xsl:function>

  <xsl:function name="td:month-name" as="xs:string">
    <xsl:param name="m"/>
    <xsl:variable name="i" select="xs:integer($m)"/>
    <xsl:sequence select="$months-en[$i] || ' · ' || $months-zh[$i]"/>
  </xsl:function>
</xsl:stylesheet>
